// Runs the devkit's local stack (Convex-compatible backend + LiveKit-compatible SFU) for the
// browser tests, on free loopback ports, and gives tests server commands:
//   alertrun:stack          → {convexUrl, siteUrl, livekitUrl}
//   alertrun:page-open      → opens a page (HTML given by the test, served by the dev server)
//                             in a NEW browser context (own camera, own storage)
//   alertrun:page-eval      → evaluates a function body in such a page
//   alertrun:page-keys      → presses/holds keys in such a page
//   alertrun:page-close     → closes it
// Extra contexts are how the CDN test puts a reporter and a responder on two "devices".
import { tsImport } from "tsx/esm/api";

const DEVKIT_ENTRY = new URL("../../node_modules/@alertrun/devkit/src/index.ts", import.meta.url).href;
const GEOLOCATION = { latitude: 40.7128, longitude: -74.006, accuracy: 10 };

export function alertrunStackPlugin({ log = (m) => console.log(`[elements tests] ${m}`) } = {}) {
  let stack;
  let starting;
  const pages = new Map();
  const htmlPages = new Map();
  let nextPage = 1;

  async function start() {
    const devkit = await tsImport(DEVKIT_ENTRY, import.meta.url);
    stack = await devkit.startDevStack({ convexPort: 0, sitePort: 0, sfuPort: 0 });
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
      if (match && htmlPages.has(Number(match[1]))) return { body: htmlPages.get(Number(match[1])), type: "html" };
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
        case "alertrun:page-open": {
          const testPage = session.browser.getPage(session.id);
          const browser = testPage.context().browser();
          const context = await browser.newContext({
            permissions: ["camera", "microphone", "geolocation"],
            geolocation: GEOLOCATION,
          });
          const page = await context.newPage();
          const errors = [];
          page.on("pageerror", (error) => errors.push(String(error?.stack ?? error)));
          if (process.env.ALERTRUN_DEBUG) page.on("console", (m) => log(`page ${nextPage}: ${m.text()}`));
          // The page's HTML comes from the test and is served by the dev server itself (a page
          // from route.fulfill() has no address, so Chromium's local-network checks would block
          // its connections to the loopback stack).
          const id = nextPage++;
          htmlPages.set(id, payload.html);
          await page.goto(new URL(`/__alertrun/page/${id}`, testPage.url()).href, { timeout: 20_000 });
          pages.set(id, { context, page, errors });
          return id;
        }
        case "alertrun:page-eval": {
          const { page, errors } = pages.get(payload.id);
          const value = await page.evaluate(new Function(`return (async () => { ${payload.body} })()`));
          return { value, errors };
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
