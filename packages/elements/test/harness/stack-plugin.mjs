// Runs the devkit's local stack (Convex-compatible backend + LiveKit-compatible SFU) for the
// browser tests, on free loopback ports, and gives tests server commands:
//   alertrun:stack          → {convexUrl, siteUrl, livekitUrl}
//   alertrun:page-open      → opens a page (HTML given by the test, served by the dev server)
//                             in a NEW browser context (own camera, own storage)
//   alertrun:page-eval      → evaluates a function body in such a page
//   alertrun:page-keys      → presses/holds keys in such a page
//   alertrun:page-close     → closes it
//   alertrun:sfu-restart    → stops the SFU for `downMs`, then starts it on the same port
//   alertrun:db-clone       → copies a document with some fields replaced (`npx convex run`-style
//                             setup: stores data the public functions may refuse, e.g. markup)
//   alertrun:db-patch       → replaces fields of a document
//   alertrun:run-function   → runs any backend function, internal ones included
//   alertrun:db-list        → a table's documents matching `where` (field equality)
//   alertrun:page-console   → the console errors such a page logged (CSP violations among them)
//   alertrun:page-open takes `headers` too (e.g. a Content-Security-Policy for the page), and
//                             `block`: URL substrings whose requests fail (a file that cannot load)
//   alertrun:sfu-stop / alertrun:sfu-start → the SFU away until started again (same port)
// Extra contexts are how the CDN test puts a reporter and a responder on two "devices".
import { createServer } from "node:net";
import { tsImport } from "tsx/esm/api";

const DEVKIT_ENTRY = new URL("../../node_modules/@alertrun/devkit/src/index.ts", import.meta.url).href;
const GEOLOCATION = { latitude: 40.7128, longitude: -74.006, accuracy: 10 };
const API_KEY = "devkey";
const API_SECRET = "secret";

/** A free loopback port: the backend's webhook port must be known before the SFU starts. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function alertrunStackPlugin({ log = (m) => console.log(`[elements tests] ${m}`) } = {}) {
  let stack;
  let starting;
  const pages = new Map();
  const htmlPages = new Map();
  let nextPage = 1;

  let devkit;
  let sfu;
  let sfuPort;
  let webhookUrl;
  let backendHandle;

  // Backend and SFU are started separately (what startDevStack does, wired the same way) so a
  // test can take the SFU down and bring it back on the same port.
  async function startSfu(port) {
    sfu = await devkit.startDevSfu({ port, apiKey: API_KEY, apiSecret: API_SECRET, webhookUrl, log: () => undefined });
    sfuPort = Number(new URL(sfu.url).port);
  }

  async function start() {
    devkit = await tsImport(DEVKIT_ENTRY, import.meta.url);
    const sitePort = await freePort();
    webhookUrl = `http://127.0.0.1:${sitePort}/livekit/webhook`;
    await startSfu(0);
    const backend = (backendHandle = await devkit.startDevBackend({
      port: 0,
      sitePort,
      env: { LIVEKIT_URL: sfu.url, LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET },
    }));
    stack = {
      convexUrl: backend.url,
      siteUrl: backend.siteUrl,
      get livekitUrl() {
        return sfu?.url;
      },
      close: async () => {
        await sfu?.close();
        await backend.close();
      },
    };
    log(`stack up: convex ${stack.convexUrl}, livekit ${stack.livekitUrl}`);
  }

  return {
    name: "alertrun-stack",
    async serverStart() {
      starting = start();
      // A stack that fails to start is reported by the tests that need it, not by the server.
      starting.catch((error) => log(`stack failed to start: ${error?.stack ?? error}`));
    },
    serve(context) {
      const match = /^\/__alertrun\/page\/(\d+)$/.exec(context.path);
      if (match && htmlPages.has(Number(match[1]))) {
        const { html, headers } = htmlPages.get(Number(match[1]));
        return { body: html, type: "html", headers };
      }
      return undefined;
    },
    async serverStop() {
      for (const { context } of pages.values()) await context.close().catch(() => undefined);
      pages.clear();
      await stack?.close().catch(() => undefined);
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith("alertrun:")) return undefined;
      switch (command) {
        case "alertrun:stack":
          await starting;
          return { convexUrl: stack.convexUrl, siteUrl: stack.siteUrl, livekitUrl: stack.livekitUrl };
        // Issue 13: what the media server holds (rooms, participants, published tracks).
        case "alertrun:sfu-rooms":
          await starting;
          return sfu ? sfu.rooms() : [];
        case "alertrun:sfu-restart": {
          await starting;
          await sfu.close();
          log("sfu stopped");
          await new Promise((r) => setTimeout(r, payload?.downMs ?? 3000));
          await startSfu(sfuPort);
          log("sfu restarted");
          return true;
        }
        // Issue 16: the SFU stays away until sfu-start (same port), to drive the direct fallback.
        case "alertrun:sfu-stop":
          await starting;
          if (sfu) {
            await sfu.close();
            sfu = undefined;
            log("sfu stopped");
          }
          return true;
        case "alertrun:sfu-start":
          await starting;
          if (!sfu) {
            await startSfu(sfuPort);
            log("sfu started");
          }
          return true;
        case "alertrun:page-open": {
          const testPage = session.browser.getPage(session.id);
          const browser = testPage.context().browser();
          const context = await browser.newContext({
            permissions: ["camera", "microphone", "geolocation"],
            geolocation: GEOLOCATION,
          });
          const block = payload.block ?? [];
          if (block.length > 0) await context.route((url) => block.some((part) => url.href.includes(part)), (route) => route.abort());
          const page = await context.newPage();
          const errors = [];
          const consoleErrors = [];
          page.on("pageerror", (error) => errors.push(String(error?.stack ?? error)));
          page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
          if (process.env.ALERTRUN_DEBUG) page.on("console", (m) => log(`page ${nextPage}: ${m.text()}`));
          // The page's HTML comes from the test and is served by the dev server itself (a page
          // from route.fulfill() has no address, so Chromium's local-network checks would block
          // its connections to the loopback stack).
          const id = nextPage++;
          htmlPages.set(id, { html: payload.html, headers: payload.headers ?? {} });
          await page.goto(new URL(`/__alertrun/page/${id}`, testPage.url()).href, { timeout: 20_000 });
          pages.set(id, { context, page, errors, consoleErrors });
          return id;
        }
        case "alertrun:db-clone": {
          await starting;
          return await backendHandle.run(async (ctx) => {
            const doc = await ctx.db.get(payload.id);
            if (!doc) throw new Error(`no document ${payload.id}`);
            const { _id, _creationTime, ...fields } = doc;
            // Fields that must differ per document (a request id or its hash, a room name) get a
            // suffix when the schema has them, so the copy works across schema versions.
            const unique = {};
            for (const field of payload.uniquify ?? []) {
              if (typeof fields[field] === "string") unique[field] = `${fields[field]}-copy-${Math.random().toString(36).slice(2)}`;
            }
            return await ctx.db.insert(payload.table, { ...fields, ...unique, ...payload.patch });
          });
        }
        case "alertrun:run-function": {
          await starting;
          return (await backendHandle.runFunction(payload.path, payload.args ?? {})) ?? null;
        }
        case "alertrun:db-patch": {
          await starting;
          await backendHandle.run(async (ctx) => await ctx.db.patch(payload.id, payload.patch));
          return true;
        }
        case "alertrun:db-list": {
          await starting;
          const docs = await backendHandle.run(async (ctx) => await ctx.db.query(payload.table).collect());
          const where = payload.where ?? {};
          return docs.filter((d) => Object.entries(where).every(([k, v]) => d[k] === v));
        }
        case "alertrun:page-eval": {
          const { page, errors } = pages.get(payload.id);
          const value = await page.evaluate(new Function(`return (async () => { ${payload.body} })()`));
          return { value, errors };
        }
        case "alertrun:page-console": {
          return pages.get(payload.id).consoleErrors;
        }
        case "alertrun:page-keys": {
          const { page } = pages.get(payload.id);
          await page.focus(payload.selector);
          await page.keyboard.down(payload.key);
          await page.waitForTimeout(payload.holdMs ?? 0);
          await page.keyboard.up(payload.key);
          return true;
        }
        case "alertrun:page-close": {
          const entry = pages.get(payload.id);
          pages.delete(payload.id);
          await entry?.context.close().catch(() => undefined);
          return true;
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
