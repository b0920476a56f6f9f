// startDevStack: the dev backend and the dev SFU, wired to each other — the SFU posts its
// webhooks to the backend's HTTP actions, and the backend's LiveKit env points at the SFU.
import { createServer } from "node:net";
import { startDevBackend, type DevBackend } from "./convex/index.js";

// The SFU lives in ./sfu (built alongside); loading it lazily keeps the Convex half usable on its
// own (no media stack loaded by tests and tools that only need the backend).
export interface DevSfuOptions {
  port?: number;
  apiKey?: string;
  apiSecret?: string;
  webhookUrl?: string;
}
export interface DevSfu {
  url: string;
  close(): Promise<void> | void;
}

export async function startDevSfu(options: DevSfuOptions = {}): Promise<DevSfu> {
  const path = "./sfu/index.js";
  const mod = (await import(/* @vite-ignore */ path)) as { startDevSfu(o: DevSfuOptions): Promise<DevSfu> };
  return await mod.startDevSfu(options);
}

export interface DevStackOptions {
  convexPort?: number;
  sitePort?: number;
  sfuPort?: number;
  dataDir?: string;
  /** Start the SFU too (default true). */
  sfu?: boolean;
  /** Convex functions folder (default: @alertrun/backend's). */
  functionsDir?: string;
  apiKey?: string;
  apiSecret?: string;
}

export interface DevStack {
  convexUrl: string;
  siteUrl: string;
  /** Null when started with `sfu: false`. */
  livekitUrl: string | null;
  close(): Promise<void>;
}

/** The SFU's port must be known before the backend starts (its env names the SFU's URL). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const withSfu = options.sfu ?? true;
  const apiKey = options.apiKey ?? "devkey";
  const apiSecret = options.apiSecret ?? "secret";
  let sfuPort = options.sfuPort ?? 7880;
  if (withSfu && sfuPort === 0) sfuPort = await freePort();
  const livekitUrl = withSfu ? `ws://127.0.0.1:${sfuPort}` : null;
  const backend: DevBackend = await startDevBackend({
    port: options.convexPort ?? 3210,
    sitePort: options.sitePort ?? 3211,
    dataDir: options.dataDir,
    functionsDir: options.functionsDir,
    env: { LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret, ...(livekitUrl ? { LIVEKIT_URL: livekitUrl } : {}) },
  });
  let sfu: DevSfu | null = null;
  if (withSfu) {
    try {
      sfu = await startDevSfu({ port: sfuPort, apiKey, apiSecret, webhookUrl: `${backend.siteUrl}/livekit/webhook` });
    } catch (e) {
      await backend.close();
      throw e;
    }
  }
  return {
    convexUrl: backend.url,
    siteUrl: backend.siteUrl,
    livekitUrl: sfu ? sfu.url : null,
    async close() {
      await sfu?.close();
      await backend.close();
    },
  };
}
