// startDevStack end to end: the backend hands out tokens for the SFU it started, a real
// livekit-client in headless Chromium publishes there, and the SFU's signed webhooks reach the
// backend's HTTP action, which marks the alert's stream live for subscribed Convex clients.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { startDevStack, type DevStack } from "../../src/index.js";
import { client, watch } from "./helpers.js";

let stack: DevStack;
let browser: Browser;
let pageServer: Server;
let pageOrigin: string;

beforeAll(async () => {
  stack = await startDevStack({ convexPort: 0, sitePort: 0, sfuPort: 0 });
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./stack-page.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  pageServer = createServer((req, res) => {
    if (req.url?.startsWith("/page.js")) return void res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((r) => pageServer.listen(0, "127.0.0.1", r));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--allow-loopback-in-peer-connection",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  pageServer?.close();
  await stack?.close();
});

describe("startDevStack", () => {
  it("a reporter publishing to the stack's SFU turns the alert's stream live through the webhook", async () => {
    expect(stack.livekitUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const c = client(stack.convexUrl);
    try {
      const { alertId, ownerKey } = (await c.mutation("alerts:start" as never, { site: "demo", clientRequestId: `stack-${randomUUID()}` } as never)) as {
        alertId: string;
        ownerKey: string;
      };
      const token = (await c.action("media:publishToken" as never, { alertId, ownerKey } as never)) as { url: string; token: string };
      expect(token.url).toBe(stack.livekitUrl);
      const alert = watch<{ streamStatus: string } | null>(c, "alerts:get", { alertId, ownerKey });
      await alert.until((v) => v?.streamStatus === "pending");

      const page = await browser.newPage();
      await page.goto(pageOrigin);
      await page.waitForFunction(() => "publish" in window, undefined, { timeout: 15_000 });
      await page.evaluate(({ url, token }) => (window as unknown as { publish(u: string, t: string): Promise<string> }).publish(url, token), token);
      await alert.until((v) => v?.streamStatus === "live", 20_000);
      await page.close();
    } finally {
      await c.close();
    }
  });
});
