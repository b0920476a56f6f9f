// Restarting the dev backend under connected clients.
import { afterEach, describe, expect, it } from "vitest";
import { ConvexHttpClient } from "convex/browser";
import type { DevBackend } from "../../src/index.js";
import { client, startFixture, tempDir, watch } from "./helpers.js";

type Alert = { alertId: string };
const portOf = (url: string) => Number(new URL(url).port);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("restart", () => {
  it("with --data: a connected client reconnects, resubscribes, and nothing is lost", async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    let backend: DevBackend = await startFixture({ dataDir: data.path });
    cleanups.push(() => backend.close());
    const c = client(backend.url);
    cleanups.push(() => c.close());
    const active = watch<Alert[]>(c, "alerts:active", { site: "restart" });
    const { alertId } = (await c.mutation("alerts:start" as never, { site: "restart", clientRequestId: "before" } as never)) as { alertId: string };
    await c.mutation("messages:send" as never, { alertId, text: "kept" } as never);
    const uploadUrl = (await c.mutation("files:generateUploadUrl" as never, {} as never)) as string;
    const { storageId } = (await (await fetch(uploadUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: "file body" })).json()) as { storageId: string };
    await c.mutation("files:attach" as never, { storageId } as never);

    const { url, siteUrl } = backend;
    await backend.close();
    backend = await startFixture({ dataDir: data.path, port: portOf(url), sitePort: portOf(siteUrl) });

    // The same client, untouched, sees a write made after the restart: it reconnected and resubscribed.
    const http = new ConvexHttpClient(backend.url);
    const { alertId: second } = (await http.mutation("alerts:start" as never, { site: "restart", clientRequestId: "after" } as never)) as { alertId: string };
    const both = await active.until((v) => v?.length === 2, 20_000);
    expect(both.map((a) => a.alertId).sort()).toEqual([alertId, second].sort());
    expect(second).not.toBe(alertId);
    expect(await http.query("messages:list" as never, { alertId } as never)).toMatchObject([{ text: "kept" }]);
    const files = (await http.query("files:list" as never, {} as never)) as Array<{ storageId: string; url: string }>;
    expect(files[0]?.storageId).toBe(storageId);
    expect(await (await fetch(files[0]!.url)).text()).toBe("file body");
    // The client's own mutations work again too.
    await c.mutation("alerts:start" as never, { site: "restart", clientRequestId: "client-after" } as never);
    await active.until((v) => v?.length === 3);
  });

  it("without --data the restarted backend starts empty (memory only)", async () => {
    let backend = await startFixture();
    const http = new ConvexHttpClient(backend.url);
    await http.mutation("alerts:start" as never, { site: "memory", clientRequestId: "gone" } as never);
    const port = portOf(backend.url);
    await backend.close();
    backend = await startFixture({ port });
    cleanups.push(() => backend.close());
    expect(await new ConvexHttpClient(backend.url).query("alerts:active" as never, { site: "memory" } as never)).toEqual([]);
  });

  it("a scheduled function pending at shutdown still runs after a restart with --data", async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    let backend = await startFixture({ dataDir: data.path });
    await new ConvexHttpClient(backend.url).mutation("counters:incrementLater" as never, { name: "later", delayMs: 800 } as never);
    await backend.close();
    backend = await startFixture({ dataDir: data.path });
    cleanups.push(() => backend.close());
    const c = client(backend.url);
    cleanups.push(() => c.close());
    await watch<number>(c, "counters:get", { name: "later" }).until((v) => v === 1, 5000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await c.query("counters:get" as never, { name: "later" } as never)).toBe(1);
  });
});
