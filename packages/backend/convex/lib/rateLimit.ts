/**
 * Token buckets stored in the `rateLimits` table. A bucket holds up to `capacity` tokens and
 * refills continuously at `perSecond`; each action takes one. Written in-house (not the
 * @convex-dev/rate-limiter component) so the functions also run unchanged in convex-test, which
 * the devkit's in-process backend uses.
 */
import type { MutationCtx } from "../_generated/server";
import { now } from "./clock";
import { fail } from "./errors";

export type Bucket = { capacity: number; perSecond: number };

/**
 * The limits, in one place so docs/backend.md can quote them. There is deliberately no per-site
 * bucket for `alerts:start`: a shared bucket lets one flooder refuse or delay everyone's press.
 * Every bucket here is keyed by one caller, or by one alert and one class of caller, so nobody can
 * spend another class's tokens.
 */
export const LIMITS = {
  /** Alert starts per signed-in identity. */
  startPerUser: { capacity: 3, perSecond: 1 / 60 },
  /** Acknowledgements per responder, and per alert. */
  ackPerViewer: { capacity: 6, perSecond: 1 / 2 },
  ackPerAlert: { capacity: 200, perSecond: 5 },
  /** Chat messages per sender. The reporter has only this bucket: nobody else can drain it. */
  chatPerSender: { capacity: 5, perSecond: 1 / 2 },
  /** Chat per alert, one bucket per class of author, so viewers cannot crowd out responders. */
  chatRespondersPerAlert: { capacity: 60, perSecond: 2 },
  chatViewersPerAlert: { capacity: 20, perSecond: 1 / 2 },
  /** Upload URLs per alert (each recorded segment needs one). */
  uploadPerAlert: { capacity: 30, perSecond: 1 },
  /**
   * LiveKit viewer tokens per viewer per alert (a token lives 10 minutes), and per alert. Every
   * page load and every switch back to an alert takes one, so the per-viewer bucket is sized for
   * a responder reloading a dashboard on a poor network: at 6, then 1 per 10 s, the seventh load
   * within a minute waited up to 10 s for its picture (the viewer-join benchmark's 10 s p95). An
   * anonymous caller chooses its own viewerId, so the per-alert bucket is what bounds abuse.
   */
  viewTokenPerViewer: { capacity: 12, perSecond: 1 / 5 },
  viewTokenPerAlert: { capacity: 300, perSecond: 10 },
  /**
   * Rooms reserved during a hold (reservations.ts), per site and per signed-in identity. A refused
   * reservation only costs the press its head start: `alerts:start` has no such bucket, so the
   * alert itself still goes out at once. Sized above the design load (100 presses a minute).
   */
  reservePerSite: { capacity: 120, perSecond: 2 },
  reservePerUser: { capacity: 3, perSecond: 1 / 60 },
  /**
   * Viewers newly counted present per alert. Presence expires after 30 s, so one client rotating
   * viewerIds can inflate the count by at most capacity + 30 × perSecond.
   */
  presenceJoinPerAlert: { capacity: 100, perSecond: 2 },
} satisfies Record<string, Bucket>;

/** Takes one token; returns how long to wait when the bucket is empty (0 when allowed). */
export async function take(ctx: MutationCtx, key: string, bucket: Bucket): Promise<number> {
  const t = now();
  const row = await ctx.db
    .query("rateLimits")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
  const elapsedSec = row ? Math.max(0, t - row.updatedAt) / 1000 : 0;
  const tokens = row ? Math.min(bucket.capacity, row.tokens + elapsedSec * bucket.perSecond) : bucket.capacity;
  if (tokens < 1) {
    return Math.ceil(((1 - tokens) / bucket.perSecond) * 1000);
  }
  if (row) await ctx.db.patch(row._id, { tokens: tokens - 1, updatedAt: t });
  else await ctx.db.insert("rateLimits", { key, tokens: tokens - 1, updatedAt: t });
  return 0;
}

/** Like `take`, but throws `rate-limited` (with `retryAfterMs`) when the bucket is empty. */
export async function requireToken(ctx: MutationCtx, key: string, bucket: Bucket): Promise<void> {
  const wait = await take(ctx, key, bucket);
  if (wait > 0) fail("rate-limited", "Too many requests; try again shortly.", { retryAfterMs: wait });
}
