import { internalMutation } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { internal } from "./_generated/api";
import { now } from "./lib/clock";

const DAY_MS = 86_400_000;
/** Deletes per run, to stay well inside one mutation's write limits. */
const BUDGET = 2_000;
/** Alerts examined per site per run; a full batch means more may be due, so the run repeats. */
const ALERTS_PER_SITE = 50;

/**
 * Cron: for alerts that ended more than their site's `retentionDays` ago, deletes the location
 * track, clips (rows and stored files), chat, acknowledgements, presence and participant rows.
 * The alert document stays, without its last location, keeping counts and usage for statistics
 * and billing. Reschedules itself while work remains.
 */
export const purge = internalMutation({
  args: {},
  handler: async (ctx) => {
    const t = now();
    let budget = BUDGET;
    let more = false;
    const sites = await ctx.db.query("sites").take(1_000);
    for (const site of sites) {
      const cutoff = t - site.retentionDays * DAY_MS;
      // gte(0) skips active alerts, whose endedAt is undefined (sorted before every number).
      const due = await ctx.db
        .query("alerts")
        .withIndex("by_site_purged_endedAt", (q) =>
          q.eq("site", site.slug).eq("purged", false).gte("endedAt", 0).lt("endedAt", cutoff),
        )
        .take(ALERTS_PER_SITE);
      if (due.length === ALERTS_PER_SITE) more = true;
      for (const alert of due) {
        budget = await purgeAlert(ctx, alert._id, budget);
        if (budget <= 0) {
          await ctx.scheduler.runAfter(0, internal.retention.purge, {});
          return { done: false };
        }
        await ctx.db.patch(alert._id, { purged: true, location: undefined });
      }
    }
    if (more) {
      await ctx.scheduler.runAfter(0, internal.retention.purge, {});
      return { done: false };
    }
    return { done: true };
  },
});

/** Deletes an alert's dependent rows within `budget`; returns what is left of it (≤ 0: unfinished). */
async function purgeAlert(ctx: MutationCtx, alertId: Id<"alerts">, budget: number): Promise<number> {
  const tables = [
    ctx.db.query("locations").withIndex("by_alert_at", (q) => q.eq("alertId", alertId)),
    ctx.db.query("messages").withIndex("by_alert_sentAt", (q) => q.eq("alertId", alertId)),
    ctx.db.query("acks").withIndex("by_alert_viewer_kind", (q) => q.eq("alertId", alertId)),
    ctx.db.query("participants").withIndex("by_alert_identity", (q) => q.eq("alertId", alertId)),
  ];
  for (const rows of tables) {
    const batch = await rows.take(budget + 1);
    for (const row of batch.slice(0, budget)) await ctx.db.delete(row._id);
    budget -= batch.length;
    if (budget <= 0) return budget;
  }
  // Presence rows carry watch time not yet on the alert: fold it in before deleting them.
  const presence = await ctx.db
    .query("presence")
    .withIndex("by_alert_viewer", (q) => q.eq("alertId", alertId))
    .take(budget + 1);
  let watchedMs = 0;
  for (const row of presence.slice(0, budget)) {
    watchedMs += row.watchedMs;
    await ctx.db.delete(row._id);
  }
  if (watchedMs > 0) {
    const alert = await ctx.db.get(alertId);
    if (alert) await ctx.db.patch(alertId, { presenceMs: alert.presenceMs + watchedMs });
  }
  budget -= presence.length;
  if (budget <= 0) return budget;
  const clips = await ctx.db
    .query("clips")
    .withIndex("by_alert_seq", (q) => q.eq("alertId", alertId))
    .take(budget + 1);
  for (const clip of clips.slice(0, budget)) {
    await ctx.storage.delete(clip.storageId);
    await ctx.db.delete(clip._id);
  }
  return budget - clips.length;
}
