import type { PublishConnection } from "../media/publisher.js";

/** How the broadcaster's media travels: through the media server (LiveKit), or straight to responders. */
export type MediaPath = "sfu" | "direct";

/** Default time the media server may stay unreachable before the broadcaster goes direct. */
export const DIRECT_FALLBACK_AFTER_MS = 3_000;

export interface PathDecision {
  path: MediaPath;
  /** When to ask again (the outage may reach the threshold with no new event), or null. */
  recheckAtMs: number | null;
}

/**
 * Decides, from the publisher's connection to the media server, whether the broadcast should be
 * offered directly to responders. Pure logic (clock passed in) so the thresholds are unit-tested.
 *
 * - Down (connecting, reconnecting, disconnected) for `afterMs` → direct: LiveKit's own resume
 *   usually recovers a blip within a second or two, and a direct session is not free.
 * - Never connected and a connect attempt already failed → direct at once: the person pressed
 *   while the media server was down, and every second without a picture matters.
 * - Connected (or poor) again → back to the media server.
 */
export class MediaPathPolicy {
  private path: MediaPath = "sfu";
  private downSince: number | null = null;
  private everConnected = false;
  private attempted = false;

  constructor(private readonly afterMs = DIRECT_FALLBACK_AFTER_MS) {}

  update(connection: PublishConnection, nowMs: number): PathDecision {
    if (connection === "connected" || connection === "poor") {
      this.everConnected = true;
      this.downSince = null;
      this.path = "sfu";
      return { path: "sfu", recheckAtMs: null };
    }
    if (connection === "idle") return { path: this.path, recheckAtMs: null };
    this.downSince ??= nowMs;
    // "reconnecting" before any "connected" is the connect loop's second attempt.
    if (connection !== "connecting") this.attempted = true;
    if (this.path === "direct") return { path: "direct", recheckAtMs: null };
    if ((!this.everConnected && this.attempted) || nowMs - this.downSince >= this.afterMs) {
      this.path = "direct";
      return { path: "direct", recheckAtMs: null };
    }
    return { path: "sfu", recheckAtMs: this.downSince + this.afterMs };
  }
}
