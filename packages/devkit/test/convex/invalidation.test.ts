// Read-set invalidation: a commit re-runs only the subscribed queries that read what it wrote.
// Real ConvexClient (convex/browser) against the dev backend; the fixture's queries count their
// executions in a process global (the backend runs in this process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConvexClient } from "convex/browser";
import type { DevBackend } from "../../src/index.js";
import { client, startFixture, watch } from "./helpers.js";

let backend: DevBackend;
let a: ConvexClient;
let b: ConvexClient;

function runs(name: string): number {
  return (globalThis as { __alertrunDevkitQueryRuns?: Record<string, number> }).__alertrunDevkitQueryRuns?.[name] ?? 0;
}

/** A round trip through a's own socket: every refresh pass before it has been sent. */
async function settle(): Promise<void> {
  await a.mutation("invalidation:ping" as never, { n: -1 } as never);
  await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  backend = await startFixture();
  a = client(backend.url);
  b = client(backend.url);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await backend?.close();
});

describe("read-set invalidation", () => {
  it("a subscription to one table is not re-run when mutations write only another table", async () => {
    const notes = watch<string[]>(a, "invalidation:byTopic", { topic: "quiet" });
    await notes.until((v) => Array.isArray(v));
    const nothing = watch<string | null>(a, "invalidation:whoAmI", {});
    await nothing.until((v) => v === null);
    await settle();
    const before = runs("byTopic:quiet");
    const beforeNothing = runs("whoAmI");
    for (let n = 0; n < 10; n++) await b.mutation("invalidation:ping" as never, { n } as never);
    await settle();
    expect(runs("byTopic:quiet")).toBe(before);
    // A query that reads nothing from the database is not re-run by writes either.
    expect(runs("whoAmI")).toBe(beforeNothing);
    notes.unsubscribe();
    nothing.unsubscribe();
  });

  it("insert, patch, replace and delete of the read table update the subscription", async () => {
    const notes = watch<string[]>(a, "invalidation:byTopic", { topic: "crud" });
    await notes.until((v) => Array.isArray(v) && v.length === 0);
    const id = (await b.mutation("invalidation:add" as never, { topic: "crud", text: "one" } as never)) as string;
    await notes.until((v) => v?.join() === "one", 5000, "after insert");
    await b.mutation("invalidation:patch" as never, { id, text: "two" } as never);
    await notes.until((v) => v?.join() === "two", 5000, "after patch");
    await b.mutation("invalidation:replace" as never, { id, topic: "crud", text: "three" } as never);
    await notes.until((v) => v?.join() === "three", 5000, "after replace");
    await b.mutation("invalidation:remove" as never, { id } as never);
    await notes.until((v) => v?.length === 0, 5000, "after delete");
    notes.unsubscribe();
  });

  it("a query that read a document by id is updated by a write of that document only", async () => {
    const id = (await b.mutation("invalidation:add" as never, { topic: "by-id", text: "first" } as never)) as string;
    const other = (await b.mutation("invalidation:add" as never, { topic: "by-id", text: "other" } as never)) as string;
    const one = watch<string | null>(a, "invalidation:byId", { id });
    await one.until((v) => v === "first");
    await settle();
    const before = runs(`byId:${id}`);
    // Same table, another document: the read set holds only the document read.
    await b.mutation("invalidation:patch" as never, { id: other, text: "changed" } as never);
    await settle();
    expect(runs(`byId:${id}`)).toBe(before);
    await b.mutation("invalidation:patch" as never, { id, text: "second" } as never);
    await one.until((v) => v === "second", 5000, "after patch by id");
    await b.mutation("invalidation:remove" as never, { id } as never);
    await one.until((v) => v === null, 5000, "after delete by id");
    one.unsubscribe();
  });

  it("an index range is re-run only by writes of documents in it before or after", async () => {
    const mine = watch<string[]>(a, "invalidation:byTopic", { topic: "range-mine" });
    const theirs = watch<string[]>(a, "invalidation:byTopic", { topic: "range-theirs" });
    await mine.until((v) => Array.isArray(v) && v.length === 0);
    await theirs.until((v) => Array.isArray(v) && v.length === 0);
    await settle();
    const before = runs("byTopic:range-mine");
    // Same table and index, another topic: outside the range before and after.
    const id = (await b.mutation("invalidation:add" as never, { topic: "range-theirs", text: "x" } as never)) as string;
    await theirs.until((v) => v?.join() === "x", 5000, "their insert");
    await b.mutation("invalidation:patch" as never, { id, text: "y" } as never);
    await theirs.until((v) => v?.join() === "y", 5000, "their patch");
    await settle();
    expect(runs("byTopic:range-mine")).toBe(before);
    // Moved into the range (after matches), then out of it again (before matches).
    await b.mutation("invalidation:replace" as never, { id, topic: "range-mine", text: "moved" } as never);
    await mine.until((v) => v?.join() === "moved", 5000, "moved in");
    await theirs.until((v) => v?.length === 0, 5000, "moved out of theirs");
    await b.mutation("invalidation:replace" as never, { id, topic: "range-theirs", text: "back" } as never);
    await mine.until((v) => v?.length === 0, 5000, "moved out of mine");
    await theirs.until((v) => v?.join() === "back", 5000, "back in theirs");
    mine.unsubscribe();
    theirs.unsubscribe();
  });

  it("a write by a scheduled function updates the subscription", async () => {
    const notes = watch<string[]>(a, "invalidation:byTopic", { topic: "later" });
    await notes.until((v) => Array.isArray(v) && v.length === 0);
    await b.mutation("invalidation:addLater" as never, { topic: "later", text: "scheduled", delayMs: 20 } as never);
    await notes.until((v) => v?.join() === "scheduled", 5000, "after the scheduled write");
    notes.unsubscribe();
  });

  it("a write by a cron and by a mutation inside an action update the subscription", async () => {
    const cron = watch<number>(a, "counters:get", { name: "cron" });
    const first = await cron.until((v) => typeof v === "number");
    await cron.until((v) => (v ?? 0) > first, 5000, "after a cron tick");
    const bumped = watch<number>(a, "counters:get", { name: "invalidation-action" });
    await bumped.until((v) => v === 0);
    await b.action("actions:bump" as never, { name: "invalidation-action" } as never);
    await bumped.until((v) => v === 1, 5000, "after the action's mutation");
    cron.unsubscribe();
    bumped.unsubscribe();
  });

  it("a file upload (the _storage system table) updates a query that reads it", async () => {
    const sizes = watch<number[]>(a, "invalidation:storedSizes", {});
    const start = await sizes.until((v) => Array.isArray(v));
    const uploadUrl = (await b.mutation("files:generateUploadUrl" as never, {} as never)) as string;
    const up = await fetch(uploadUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: "12345" });
    expect(up.ok).toBe(true);
    await sizes.until((v) => (v?.length ?? 0) === start.length + 1, 5000, "after the upload");
    sizes.unsubscribe();
  });
});
