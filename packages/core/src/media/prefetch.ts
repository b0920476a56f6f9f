import { loadLiveKit } from "./livekit-loader.js";

/**
 * Downloads everything media needs — livekit-client and core's publisher and subscriber — without
 * using it. Idempotent (module loading is cached); rejects only when a download failed.
 */
export async function prefetchMediaModules(): Promise<void> {
  await Promise.all([loadLiveKit(), import("./publisher.js"), import("./subscriber.js")]);
}

/**
 * Downloads livekit-client and core's media modules without a client, so a viewer appended to
 * the page later does not wait for them (`client.prefetchMedia()` does the same for a client).
 * Idempotent; never rejects (the join reports a failed download when it needs the code).
 */
export function prefetchMedia(): Promise<void> {
  return prefetchMediaModules().then(
    () => undefined,
    () => undefined,
  );
}
