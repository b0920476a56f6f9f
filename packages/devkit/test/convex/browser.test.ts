// The real convex/browser client inside headless Chromium, against the dev backend serving the
// real backend functions. The page comes from its own loopback origin, so CORS is exercised.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { ConvexClient } from "convex/browser";
import { startDevBackend, type DevBackend } from "../../src/index.js";
import { client } from "./helpers.js";

let backend: DevBackend;
let pageServer: Server;
let pageOrigin: string;
let browser: Browser;
let nodeClient: ConvexClient;

beforeAll(async () => {
  backend = await startDevBackend({ port: 0, sitePort: 0 });
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./browser-page.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  pageServer = createServer((req, res) => {
    if (req.url?.startsWith("/page.js")) {
      res.writeHead(200, { "content-type": "text/javascript" });
      return void res.end(script);
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((r) => pageServer.listen(0, "127.0.0.1", r));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  nodeClient = client(backend.url);
});

afterAll(async () => {
  await browser?.close();
  await nodeClient?.close();
  pageServer?.close();
  await backend?.close();
});

describe("ConvexClient in headless Chromium", () => {
  it("sees an alert started from Node, starts one Node sees, and calls the HTTP API cross-origin", async () => {
    const page = await browser.newPage();
    await page.goto(`${pageOrigin}/?convex=${encodeURIComponent(backend.url)}`);
    await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen?.length > 0, undefined, { timeout: 15_000 });

    const { alertId } = (await nodeClient.mutation("alerts:start" as never, { site: "demo", clientRequestId: `node-${randomUUID()}` } as never)) as { alertId: string };
    await page.waitForFunction(
      (id) => (window as unknown as { seen: Array<Array<{ alertId: string }>> }).seen.some((v) => v.some((a) => a.alertId === id)),
      alertId,
      { timeout: 15_000 },
    );

    const fromBrowser = (await page.evaluate(
      (id) => (window as unknown as { start(id: string): Promise<{ alertId: string }> }).start(id),
      `browser-${randomUUID()}`,
    )) as { alertId: string };
    const active = (await nodeClient.query("alerts:active" as never, { site: "demo" } as never)) as Array<{ alertId: string }>;
    expect(active.map((a) => a.alertId)).toContain(fromBrowser.alertId);

    const site = await page.evaluate(() => (window as unknown as { httpSite(): Promise<unknown> }).httpSite());
    expect(site).toMatchObject({ site: "demo" });
    await page.close();
  });
});
