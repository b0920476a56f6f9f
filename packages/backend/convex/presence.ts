import { internalMutation, mutation } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { requireAlert, requireAudience, requireSite, viewerKey } from "./lib/access";
import { now } from "./lib/clock";
import { PRESENCE_MIN_INTERVAL_MS, PRESENCE_TTL_MS } from "./lib/config";
import { checkViewerId } from "./lib/validate";
import { LIMITS, take } from "./lib/rateLimit";
import { functions } from "@alertrun/contract";

/** Most present viewers counted per alert; beyond this the count saturates. */
const COUNT_CAP = 5_000;

async function countPresent(ctx: MutationCtx, alertId: Id<"alerts">, at: number): Promise<number> {
  const rows = await ctx.db
    .query("presence")
    .withIndex("by_alert_expiresAt", (q) => q.eq("alertId", alertId).gt("expiresAt", at))
    .take(COUNT_CAP);
  return rows.length;
}

/**
 * A viewer says "still watching". Viewers expire PRESENCE_TTL_MS after their last heartbeat; the
 * time between consecutive unexpired heartbeats accrues as watch time, an estimate of
 * participant-minutes that does not depend on LiveKit webhooks (see alerts:usage).
 */
export const heartbeat = mutation({
  args: functions["presence:heartbeat"].args,
  returns: functions["presence:heartbeat"].returns,
  handler: async (ctx, { alertId, viewerId }) => {
    checkViewerId(viewerId);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireAudience(ctx, await requireSite(ctx, alert.site));
    if (alert.status !== "active") return { viewerCount: 0 };
    const t = now();
    const key = viewerKey(identity, viewerId);
    const row = await ctx.db
      .query("presence")
      .withIndex("by_alert_viewer", (q) => q.eq("alertId", alert._id).eq("viewerKey", key))
      .unique();
    if (row && row.expiresAt > t && t - row.lastSeenAt < PRESENCE_MIN_INTERVAL_MS) {
      // Too soon to be worth a write: answer from the denormalised count.
      return { viewerCount: Math.max(alert.presenceViewers, alert.roomViewers) };
    }
    if (!row || row.expiresAt <= t) {
      // A viewer newly counted: bounded per alert so one client rotating viewerIds cannot inflate
      // the count without limit. Over the limit the beat is answered but not counted (no error:
      // the viewer's next beat tries again).
      const wait = await take(ctx, `presence:join:${alert._id}`, LIMITS.presenceJoinPerAlert);
      if (wait > 0) return { viewerCount: Math.max(alert.presenceViewers, alert.roomViewers) };
    }
    if (row && row.expiresAt > t) {
      await ctx.db.patch(row._id, { lastSeenAt: t, expiresAt: t + PRESENCE_TTL_MS, watchedMs: row.watchedMs + (t - row.lastSeenAt) });
    } else if (row) {
      // Back after expiring: a new session; the gap is not watch time.
      await ctx.db.patch(row._id, { joinedAt: t, lastSeenAt: t, expiresAt: t + PRESENCE_TTL_MS });
    } else {
      await ctx.db.insert("presence", {
        alertId: alert._id,
        viewerKey: key,
        joinedAt: t,
        lastSeenAt: t,
        expiresAt: t + PRESENCE_TTL_MS,
        watchedMs: 0,
      });
    }
    const presenceViewers = await countPresent(ctx, alert._id, t);
    // Write the alert only when the count moves: every alert write re-runs subscribed queries.
    if (presenceViewers !== alert.presenceViewers) await ctx.db.patch(alert._id, { presenceViewers });
    return { viewerCount: Math.max(presenceViewers, alert.roomViewers) };
  },
});

/**
 * Cron: recounts viewers of active alerts so expired heartbeats drop out of `viewerCount`, and
 * deletes presence rows that expired over an hour ago, folding their watch time into the alert.
 */
export const sweep = internalMutation({
  args: {},
  handler: async (ctx) => {
    const t = now();
    const active = await ctx.db
      .query("alerts")
      .withIndex("by_status_staleAt", (q) => q.eq("status", "active"))
      .take(500);
    for (const alert of active) {
      if (alert.presenceViewers === 0) continue;
      const presenceViewers = await countPresent(ctx, alert._id, t);
      if (presenceViewers !== alert.presenceViewers) await ctx.db.patch(alert._id, { presenceViewers });
    }
    const old = await ctx.db
      .query("presence")
      .withIndex("by_expiresAt", (q) => q.lt("expiresAt", t - 3_600_000))
      .take(500);
    const folded = new Map<Id<"alerts">, number>();
    for (const row of old) {
      folded.set(row.alertId, (folded.get(row.alertId) ?? 0) + row.watchedMs);
      await ctx.db.delete(row._id);
    }
    for (const [alertId, ms] of folded) {
      const alert = await ctx.db.get(alertId);
      if (alert && ms > 0) await ctx.db.patch(alertId, { presenceMs: alert.presenceMs + ms });
    }
    return null;
  },
});
