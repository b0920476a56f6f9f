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

/** The limits, in one place so docs/backend.md can quote them. */
export const LIMITS = {
  /** Alert starts per site: a burst of 20, then one every 3 s. */
  startPerSite: { capacity: 20, perSecond: 1 / 3 },
  /** Alert starts per signed-in identity. */
  startPerUser: { capacity: 3, perSecond: 1 / 60 },
  /** Acknowledgements per viewer, and per alert. */
  ackPerViewer: { capacity: 6, perSecond: 1 / 2 },
  ackPerAlert: { capacity: 200, perSecond: 5 },
  /** Chat messages per sender, and per alert. */
  chatPerSender: { capacity: 5, perSecond: 1 / 2 },
  chatPerAlert: { capacity: 60, perSecond: 2 },
  /** Upload URLs per alert (each recorded segment needs one). */
  uploadPerAlert: { capacity: 30, perSecond: 1 },
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
