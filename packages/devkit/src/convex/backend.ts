// startDevBackend: a Convex-compatible development deployment in this process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { WebSocketServer } from "ws";
import type { GenericDataModel, GenericMutationCtx } from "convex/server";
import { AuthValidator, DEV_AUTH_APPLICATION_ID, DEV_AUTH_ISSUER } from "./auth.js";
import { handleApi } from "./api-routes.js";
import { startCrons } from "./crons.js";
import { Hub, type HubStats, type Invalidation } from "./hub.js";
import { setCors, sendText } from "./http-util.js";
import { Persistence } from "./persistence.js";
import { DevRuntime } from "./runtime.js";
import { Session } from "./session.js";
import { handleSite } from "./site-routes.js";

export interface DevBackendOptions {
  /** Sync + HTTP API port (default 3210; 0 picks a free one). */
  port?: number;
  /** HTTP actions port (default 3211; 0 picks a free one). */
  sitePort?: number;
  /** Keep documents and files here across restarts; in memory only when absent. */
  dataDir?: string;
  /** Environment variables for the functions (process.env); LiveKit ones default to the dev SFU. */
  env?: Record<string, string>;
  /** Convex functions folder; defaults to @alertrun/backend's `convex/`. */
  functionsDir?: string;
  /** Internal mutation run at start (default "seed:demo" when it exists; false to skip). */
  seed?: string | false;
  /** Loopback by default: this is development software. */
  host?: string;
  /**
   * Report function errors as a production Convex deployment does: anything but a `ConvexError`
   * reaches clients as `[Request ID: …] Server Error`, with no message. Default: the
   * `ALERTRUN_DEV_PRODUCTION=1` environment variable, else off (development messages).
   */
  production?: boolean;
  /**
   * Which subscribed queries a commit re-runs. `read-set` (default): only those that read a
   * document the commit wrote or scanned a table it wrote to, as a Convex deployment does.
   * `every-commit`: all of them, the dev backend's earlier behaviour, kept as a benchmark baseline.
   */
  invalidation?: Invalidation;
}

export interface DevBackend {
  /** Deployment URL for ConvexClient / ConvexHttpClient, e.g. http://127.0.0.1:3210. */
  url: string;
  /** HTTP actions origin, e.g. http://127.0.0.1:3211. */
  siteUrl: string;
  close(): Promise<void>;
  /**
   * Runs `handler` as a mutation with full database access (convex-test's `t.run`), like
   * `npx convex run` for setup in tests and benchmarks. Development only.
   */
  run<T>(handler: (ctx: GenericMutationCtx<GenericDataModel>) => Promise<T>): Promise<T>;
  /** Runs any function by path, internal ones included. */
  runFunction(udfPath: string, args?: Record<string, unknown>): Promise<unknown>;
  /**
   * Counters since start: query functions run for subscriptions, commits, and cached results
   * commits invalidated. For benchmarks and tests.
   */
  stats(): HubStats;
}

export const DEFAULT_ENV: Record<string, string> = {
  // Declares this a development deployment: the backend then accepts its development defaults
  // instead of refusing with config/missing (packages/backend/convex/lib/config.ts).
  ALERTRUN_DEV_DEPLOYMENT: "1",
  LIVEKIT_URL: "ws://127.0.0.1:7880",
  LIVEKIT_API_KEY: "devkey",
  LIVEKIT_API_SECRET: "secret",
  ALERTRUN_AUTH_ISSUER: DEV_AUTH_ISSUER,
  ALERTRUN_AUTH_APPLICATION_ID: DEV_AUTH_APPLICATION_ID,
};

export function defaultFunctionsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@alertrun/backend/package.json")), "convex");
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      done((server.address() as AddressInfo).port);
    });
  });
}

function guarded(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    setCors(req, res);
    handler(req, res).catch((e: unknown) => {
      console.error("[alertrun-dev] request failed:", e);
      if (!res.headersSent) sendText(res, 500, (e as Error)?.message ?? "Internal error");
      else res.destroy();
    });
  };
}

export async function startDevBackend(options: DevBackendOptions = {}): Promise<DevBackend> {
  const host = options.host ?? "127.0.0.1";
  for (const [k, v] of Object.entries(DEFAULT_ENV)) process.env[k] ??= v;
  for (const [k, v] of Object.entries(options.env ?? {})) process.env[k] = v;

  let closed = false;
  // Filled in once the runtime exists; commits during startup (restore, seed) need no fan-out.
  const live: { hub?: Hub } = {};
  let persistence: Persistence | undefined;
  const contentTypes = new Map<string, string>();
  const runtime = await DevRuntime.load({
    functionsDir: resolve(options.functionsDir ?? defaultFunctionsDir()),
    production: options.production ?? process.env.ALERTRUN_DEV_PRODUCTION === "1",
    onCommit: (writes) => {
      // Timers of a closed instance (scheduled functions) must not touch disk or clients.
      if (closed) return;
      live.hub?.onCommit(writes);
      persistence?.markDirty();
    },
  });

  let startTs = 0n;
  if (options.dataDir) {
    persistence = new Persistence(resolve(options.dataDir), runtime.db, () => ({ ts: live.hub?.clock.current ?? 0n, contentTypes }));
    const restored = persistence.restore();
    if (restored) {
      startTs = restored.ts;
      for (const [k, v] of restored.contentTypes) contentTypes.set(k, v);
    }
  }
  const hub = new Hub(runtime, startTs, options.invalidation ?? "read-set");
  live.hub = hub;
  hub.clock.advance();

  const authModule = await runtime.loadModule("auth.config").catch((e: unknown) => {
    console.error("[alertrun-dev] could not load auth.config:", e);
    return null;
  });
  const validator = AuthValidator.fromConfig(authModule?.default);
  const auth = () => validator;

  const apiServer = createServer(
    guarded(async (req, res) => {
      if (req.method === "OPTIONS") {
        res.writeHead(204);
        return void res.end();
      }
      await handleApi({ runtime, auth, contentTypes, markDirty: () => persistence?.markDirty(), currentTs: () => hub.clock.current }, req, res);
    }),
  );
  const siteServer = createServer(guarded((req, res) => handleSite(runtime, auth, req, res)));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sessions = new Set<Session>();
  apiServer.on("upgrade", (req, socket, head) => {
    // A client resetting mid-handshake must not become an uncaught error that stops the process.
    socket.on("error", () => socket.destroy());
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!/^\/api\/[^/]+\/sync$/.test(path)) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new Session(ws, hub, auth);
      sessions.add(session);
      ws.on("close", () => sessions.delete(session));
    });
  });

  const port = await listen(apiServer, options.port ?? 3210, host);
  const sitePort = await listen(siteServer, options.sitePort ?? 3211, host).catch(async (e: unknown) => {
    apiServer.close();
    throw e;
  });
  const url = `http://${host}:${port}`;
  const siteUrl = `http://${host}:${sitePort}`;
  runtime.setOrigin(url);
  process.env.CONVEX_CLOUD_URL = url;
  process.env.CONVEX_SITE_URL = siteUrl;

  rearmScheduledFunctions(runtime);
  const stopCrons = await startCrons(runtime);

  const seed = options.seed ?? "seed:demo";
  if (seed && (await runtime.hasFunction(seed))) {
    await runtime.runInternal(seed, {}).catch((e: unknown) => console.error(`[alertrun-dev] ${seed} failed:`, e));
  }

  return {
    url,
    siteUrl,
    run: (handler) => runtime.t.run(handler),
    runFunction: (udfPath, args = {}) => runtime.runInternal(udfPath, args as never),
    stats: () => ({ ...hub.stats }),
    async close() {
      if (closed) return;
      closed = true;
      stopCrons();
      for (const s of sessions) s.close();
      wss.close();
      apiServer.closeAllConnections();
      siteServer.closeAllConnections();
      await Promise.all([new Promise((r) => apiServer.close(r)), new Promise((r) => siteServer.close(r))]);
      // Writes committed before close are still marked dirty: save them.
      await persistence?.flush();
    },
  };
}

/** Jobs restored from disk have no timers yet: give them one. */
function rearmScheduledFunctions(runtime: DevRuntime): void {
  const { db } = runtime;
  for (const doc of Object.values(db._documents)) {
    const id = doc._id as string;
    if (!id.endsWith("_scheduled_functions")) continue;
    const job = doc as { name: string; args: unknown[]; scheduledTime: number; state: { kind: string } };
    if (job.state.kind !== "pending") continue;
    setTimeout(() => {
      void runtime.internals.convexGlobalStorage.run(runtime.t.__devkitGlobal, () =>
        runtime.internals.runScheduledFunction({
          db,
          jobId: id,
          componentPath: "",
          functionPath: { udfPath: job.name, componentPath: "" },
          args: job.args[0],
          name: job.name,
        }),
      );
    }, Math.max(0, job.scheduledTime - Date.now()));
  }
}
