// Frames a real client would never send, and the version bookkeeping it relies on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevBackend } from "../../src/index.js";
import { client, startFixture, watch } from "./helpers.js";
import { connectMessage, openRaw } from "./raw-socket.js";

let backend: DevBackend;
beforeAll(async () => {
  backend = await startFixture();
});
afterAll(async () => {
  await backend?.close();
});

const decodeTs = (b64: string) => Buffer.from(b64, "base64").readBigUInt64LE();
const addActive = (site: string) => ({
  type: "ModifyQuerySet",
  baseVersion: 0,
  newVersion: 1,
  modifications: [{ type: "Add", queryId: 0, udfPath: "alerts:active", args: [{ site }] }],
});

describe("bad input", () => {
  it("a malformed frame gets FatalError and a close for that socket only", async () => {
    const bystander = client(backend.url);
    const active = watch<unknown[]>(bystander, "alerts:active", { site: "bystander" });
    await active.until((v) => Array.isArray(v));

    for (const bad of ["{not json", JSON.stringify({ type: "Nope" }), JSON.stringify({ type: "Mutation", requestId: "x" })]) {
      const raw = await openRaw(backend.url);
      raw.send(connectMessage());
      raw.sendText(bad);
      expect(await raw.next("FatalError")).toHaveProperty("error");
      await raw.closed;
    }

    // The server and the other client carry on.
    await bystander.mutation("alerts:start" as never, { site: "bystander", clientRequestId: "after" } as never);
    await active.until((v) => v?.length === 1);
    await bystander.close();
  });

  it("out-of-order frames are fatal: a query set before Connect, a wrong base version", async () => {
    const early = await openRaw(backend.url);
    early.send(addActive("x"));
    expect(String((await early.next("FatalError")).error)).toMatch(/before Connect/);
    await early.closed;

    const skewed = await openRaw(backend.url);
    skewed.send(connectMessage());
    skewed.send({ ...addActive("x"), baseVersion: 3, newVersion: 4 });
    expect(String((await skewed.next("FatalError")).error)).toMatch(/base version/);
    await skewed.closed;
  });
});

describe("versions", () => {
  it("Transitions chain, and the caller's Transition after a MutationResponse reaches its ts", async () => {
    const raw = await openRaw(backend.url);
    raw.send(connectMessage());
    raw.send(addActive("versions"));
    const first = await raw.next("Transition");
    expect(first.startVersion).toEqual({ querySet: 0, identity: 0, ts: "AAAAAAAAAAA=" });
    expect(first.endVersion).toMatchObject({ querySet: 1, identity: 0 });
    expect(first.modifications).toEqual([{ type: "QueryUpdated", queryId: 0, value: [], logLines: [], journal: null }]);

    raw.send({ type: "Mutation", requestId: 0, udfPath: "alerts:start", args: [{ site: "versions", clientRequestId: "v1" }] });
    const response = await raw.next("MutationResponse");
    expect(response).toMatchObject({ requestId: 0, success: true });
    const second = await raw.next("Transition");
    expect(second.startVersion).toEqual(first.endVersion);
    expect(decodeTs((second.endVersion as { ts: string }).ts)).toBeGreaterThanOrEqual(decodeTs(response.ts as string));
    expect((second.modifications as unknown[]).length).toBe(1);
    raw.ws.close();
  });

  it("a mutation re-sent on a new socket of the same session is answered, not run twice", async () => {
    const sessionId = crypto.randomUUID();
    const mutation = { type: "Mutation", requestId: 7, udfPath: "alerts:start", args: [{ site: "dedupe", clientRequestId: "once" }] };
    const one = await openRaw(backend.url);
    one.send(connectMessage(sessionId));
    one.send(mutation);
    const r1 = await one.next("MutationResponse");
    one.ws.close();
    const two = await openRaw(backend.url);
    two.send(connectMessage(sessionId));
    two.send(mutation);
    const r2 = await two.next("MutationResponse");
    expect(r2.result).toEqual(r1.result);
    two.ws.close();
    const c = client(backend.url);
    expect(await c.query("alerts:active" as never, { site: "dedupe" } as never)).toHaveLength(1);
    await c.close();
  });
});
