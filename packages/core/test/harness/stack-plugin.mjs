// A web-test-runner plugin that runs the AlertRun dev stack (Convex-compatible backend + LiveKit-
// compatible SFU from @alertrun/devkit) for the browser tests, on free loopback ports, and gives
// tests server commands to read its URLs, stop and restart the backend (same port, same data dir)
// and move the browser's geolocation.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";

const DEVKIT_ENTRY = new URL("../../node_modules/@alertrun/devkit/src/index.ts", import.meta.url).href;
const API_KEY = "devkey";
const API_SECRET = "secret";

/** A free TCP port on 127.0.0.1 (the backend's HTTP-actions port must be known before the SFU starts). */
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

const portOf = (url) => Number(new URL(url).port);

export function alertrunStackPlugin({ log = (m) => console.log(`[core tests] ${m}`) } = {}) {
  let devkit;
  let dataDir;
  let sfu;
  let backend;
  let backendOptions;
  let sfuOptions;
  let starting;
  let prodBackend;
  /** Extra pages (a reporter's tab) that tests open, reload and cut, by name. */
  const pages = new Map();
  const blocked = new Map();

  async function startBackend() {
    backend = await devkit.startDevBackend(backendOptions);
    // Pin the ports the first start picked, so a restart comes back where the browser reconnects.
    backendOptions = { ...backendOptions, port: portOf(backend.url), sitePort: portOf(backend.siteUrl) };
  }

  async function start() {
    devkit = await tsImport(DEVKIT_ENTRY, import.meta.url);
    dataDir = await mkdtemp(join(tmpdir(), "alertrun-core-test-"));
    const sitePort = await freePort();
    sfuOptions = {
      port: 0,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      webhookUrl: `http://127.0.0.1:${sitePort}/livekit/webhook`,
      log: process.env.ALERTRUN_SFU_LOG ? (m) => console.log(m) : () => undefined,
    };
    sfu = await devkit.startDevSfu(sfuOptions);
    sfuOptions = { ...sfuOptions, port: portOf(sfu.url) };
    backendOptions = {
      port: 0,
      sitePort,
      dataDir,
      env: { LIVEKIT_URL: sfu.url, LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET },
    };
    await startBackend();
    log(`stack up: convex ${backend.url}, site ${backend.siteUrl}, livekit ${sfu.url}`);
  }

  const stack = () => ({ convexUrl: backend?.url, siteUrl: backend?.siteUrl, livekitUrl: sfu?.url, backendUp: !!backend });

  return {
    name: "alertrun-stack",
    async serverStart() {
      starting = start();
      await starting;
    },
    async serverStop() {
      await Promise.allSettled([backend?.close(), sfu?.close(), prodBackend?.close()]);
      backend = undefined;
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith("alertrun:")) return undefined;
      await starting;
      switch (command) {
        case "alertrun:stack":
          return stack();
        case "alertrun:backend-stop":
          if (backend) {
            await backend.close();
            backend = undefined;
            log("backend stopped");
          }
          return stack();
        case "alertrun:backend-start":
          if (!backend) {
            await startBackend();
            log("backend restarted");
          }
          return stack();
        case "alertrun:sfu-restart": {
          // Every media connection drops at once, as on a network change; the SFU comes back
          // on the same port after `downMs`.
          await sfu.close();
          await new Promise((r) => setTimeout(r, payload?.downMs ?? 1_000));
          sfu = await devkit.startDevSfu(sfuOptions);
          log("sfu restarted");
          return stack();
        }
        case "alertrun:run-function":
          // Any backend function, internal ones included (`npx convex run`-style test setup).
          return (await backend.runFunction(payload.path, payload.args ?? {})) ?? null;
        // Issue 16: the media server goes away (and comes back on the same port) for as long as
        // a test wants, to drive the direct fallback.
        case "alertrun:sfu-stop":
          if (sfu) {
            await sfu.close();
            sfu = undefined;
            log("sfu stopped");
          }
          return stack();
        case "alertrun:sfu-start":
          if (!sfu) {
            sfu = await devkit.startDevSfu(sfuOptions);
            log("sfu started");
          }
          return stack();
        case "alertrun:run":
          // Any function, internal ones included (site setup, a liveness sweep now).
          return await backend.runFunction(payload.path, payload.args ?? {});
        case "alertrun:prod-backend":
          // A second backend that reports errors as a production deployment (redacted).
          prodBackend ??= await devkit.startDevBackend({ port: 0, sitePort: 0, production: true, env: backendOptions.env });
          return { convexUrl: prodBackend.url };
        case "alertrun:page": {
          // A second tab in the test's browser context, driven from here (a test cannot reload
          // the page it runs in). ops: open {name, path}, eval {name, expr}, reload, block/unblock
          // {contains} (matching requests aborted, as on a dead link), close.
          const testPage = session.browser.getPage(session.id);
          const name = payload?.name ?? "reporter";
          let page = pages.get(name);
          switch (payload?.op) {
            case "open": {
              page = await testPage.context().newPage();
              pages.set(name, page);
              await page.goto(new URL(payload.path, testPage.url()).href);
              return true;
            }
            case "eval":
              // Wrapped: a command that returns null or undefined counts as "not handled".
              return { value: await page.evaluate(payload.expr) };
            case "reload":
              await page.reload();
              return true;
            case "block": {
              // Every request whose URL contains `payload.contains` fails as on a dead link.
              const matcher = (url) => url.href.includes(payload.contains);
              blocked.set(`${name}|${payload.contains}`, matcher);
              await page.route(matcher, (route) => route.abort("internetdisconnected"));
              return true;
            }
            case "unblock": {
              const matcher = blocked.get(`${name}|${payload.contains}`);
              blocked.delete(`${name}|${payload.contains}`);
              if (matcher) await page.unroute(matcher);
              return true;
            }
            case "close":
              await page?.close();
              pages.delete(name);
              return true;
            default:
              throw new Error(`unknown page op ${payload?.op}`);
          }
        }
        // Issue 13: what the media server holds (rooms, participants, published tracks).
        case "alertrun:sfu-rooms":
          return sfu ? sfu.rooms() : [];
        case "alertrun:set-geolocation": {
          const page = session.browser.getPage(session.id);
          await page.context().setGeolocation(payload);
          return true;
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
