// startDevStack: the dev backend and the dev SFU, wired to each other — the SFU posts its
// webhooks to the backend's HTTP actions, and the backend's LiveKit env points at the SFU.
import { createServer } from "node:net";
import { startDevBackend, type DevBackend } from "./convex/index.js";
import type { DevSfu, DevSfuOptions } from "./sfu/index.js";

// The SFU (./sfu, werift) takes ~1.5 s to load: load it only when started, so code that needs just
// the Convex backend (most tests) starts fast. Same signature as ./sfu/index.js's export.
export type { DevSfuOptions, DevSfu } from "./sfu/index.js";

export async function startDevSfu(options: DevSfuOptions = {}): Promise<DevSfu> {
  const sfu = await import("./sfu/index.js");
  return await sfu.startDevSfu(options);
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
  backend: DevBackend;
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
  // Start loading the SFU's modules while the backend starts.
  const sfuModule = withSfu ? import("./sfu/index.js") : null;
  sfuModule?.catch(() => {});
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
      sfu = await (await sfuModule!).startDevSfu({ port: sfuPort, apiKey, apiSecret, webhookUrl: `${backend.siteUrl}/livekit/webhook` });
    } catch (e) {
      await backend.close();
      throw e;
    }
  }
  return {
    convexUrl: backend.url,
    siteUrl: backend.siteUrl,
    livekitUrl: sfu ? sfu.url : null,
    backend,
    async close() {
      await sfu?.close();
      await backend.close();
    },
  };
}
