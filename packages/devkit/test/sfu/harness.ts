import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { AccessToken, type VideoGrant } from "livekit-server-sdk";
import type { SfuTestApi } from "./page/entry.js";

export const API_KEY = "devkey";
export const API_SECRET = "secret";

/** Chromium with a fake camera and microphone; media may use loopback candidates. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
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
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/** Serves the bundled test page (livekit-client + helpers) on an ephemeral loopback port. */
export async function servePage(): Promise<{ url: string; close(): Promise<void> }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./page/entry.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = result.outputFiles[0]!.text;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>dev sfu test</title></head><body><script type="module" src="/page.js"></script></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else res.writeHead(200, { "content-type": "text/html" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function mintToken(identity: string, grant: VideoGrant, ttl: string | number = "10m"): Promise<string> {
  const token = new AccessToken(API_KEY, API_SECRET, { identity, ttl });
  token.addGrant({ roomJoin: true, ...grant });
  return token.toJwt();
}

/** Every console line of every page opened by `openPage` (livekit-client logs its fallbacks there). */
export const pageConsole: string[] = [];

/** Opens the test page in a fresh context and returns a typed handle to its helpers. */
export async function openPage(browser: Browser, pageUrl: string): Promise<{ page: Page; api: PageApi }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (m) => pageConsole.push(m.text()));
  await page.goto(pageUrl);
  await page.waitForFunction(() => "sfuTest" in window, undefined, { timeout: 10_000 });
  return { page, api: pageApi(page) };
}

type Async<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };
export type PageApi = Async<SfuTestApi>;

function pageApi(page: Page): PageApi {
  return new Proxy({} as PageApi, {
    get: (_t, name: string) =>
      (...args: unknown[]) =>
        page.evaluate(
          ([n, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).sfuTest![n as string]!(...(a as unknown[])),
          [name, args] as const,
        ),
  });
}

/** Polls `fn` until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T>, timeoutMs = 10_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}
