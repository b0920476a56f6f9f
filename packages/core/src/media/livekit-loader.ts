import { AlertRunError } from "../errors.js";

export type LiveKit = typeof import("livekit-client");

let pending: Promise<LiveKit> | null = null;

/**
 * Loads `livekit-client` (about 150 KB gzip) with a dynamic import, once per page. Pages that only
 * show a button or a feed never pay for it until someone presses or watches; `prefetchMedia()`
 * starts it early (when a press begins, say). A failed download can be retried.
 */
export function loadLiveKit(): Promise<LiveKit> {
  pending ??= import("livekit-client").catch((error: unknown) => {
    pending = null;
    throw new AlertRunError("media/load-failed", "Could not load the media library.", error);
  });
  return pending;
}
