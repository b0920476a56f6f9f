import { loadLiveKit } from "./livekit-loader.js";

/**
 * Downloads everything media needs — livekit-client and core's publisher and subscriber — without
 * using it. Idempotent (module loading is cached); rejects only when a download failed.
 */
export async function prefetchMediaModules(): Promise<void> {
  await Promise.all([loadLiveKit(), import("./publisher.js"), import("./subscriber.js")]);
}
