import { afterEach, describe, expect, it } from "vitest";
import { ConvexHttpClient } from "convex/browser";
import { startFixture } from "./helpers.js";
import type { DevBackend } from "../../src/index.js";

// Uploads used to write to storage outside the function lock: one that overlapped a mutation
// either failed ("Write outside of transaction") or joined that mutation's transaction and was
// lost with it ("No uploaded file with that storageId" on attach). Evidence clips hit this.
describe("file storage under concurrent requests", () => {
  let backend: DevBackend | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it("keeps every upload that overlaps mutations, and each one attaches", async () => {
    backend = await startFixture();
    const http = new ConvexHttpClient(backend.url);
    const N = 24;
    const uploads = Array.from({ length: N }, async (_, i) => {
      const url = (await http.mutation("files:generateUploadUrl" as never, {} as never)) as string;
      const res = await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, body: `clip ${i} `.repeat(2000) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { storageId: string }).storageId;
    });
    const writes = Array.from({ length: N }, (_, i) =>
      http.mutation("alerts:start" as never, { site: "storage", clientRequestId: `req-${i}` } as never),
    );
    const [ids] = await Promise.all([Promise.all(uploads), Promise.all(writes)]);
    expect(new Set(ids).size).toBe(N);
    await Promise.all(ids.map((storageId) => http.mutation("files:attach" as never, { storageId } as never)));
    const files = (await http.query("files:list" as never, {} as never)) as Array<{ storageId: string; url: string | null }>;
    expect(files.map((f) => f.storageId).sort()).toEqual([...ids].sort());
    for (const [i, id] of ids.entries()) {
      const url = files.find((f) => f.storageId === id)?.url;
      expect(url).toBeTruthy();
      expect(await (await fetch(url!)).text()).toBe(`clip ${i} `.repeat(2000));
    }
  }, 60_000);
});
