import { functions } from "@alertrun/contract";
import { v } from "convex/values";
import { internalMutation, mutation } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { internal } from "./_generated/api";
import { endAlert } from "./alerts";
import { getSite, requireAlert, requireOwner } from "./lib/access";
import { now } from "./lib/clock";
import { PUBLISHER_IDENTITY, silenceTimeoutMs } from "./lib/config";
import {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_MIN_WRITE_MS,
  maxLifetimeMs,
  RECONCILE_GRACE_MS,
  REPORTER_OFFLINE_AFTER_MS,
} from "./lib/liveness";

/**
 * The reporter page's sign of life, sent every `intervalMs` while the alert is live, whatever
 * media, location or chat do (a reporter with camera, microphone and location denied is still
 * there). Writes one small `reporterBeats` row, never the alert, except when the reporter comes
 * back after being shown offline. Returns whether the alert is still active.
 */
export const beat = mutation({
  args: functions["heartbeat:beat"].args,
  returns: functions["heartbeat:beat"].returns,
  handler: async (ctx, { alertId, ownerKey }) => {
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    if (alert.status !== "active") return { active: false, intervalMs: HEARTBEAT_INTERVAL_MS };
    const t = now();
    const row = await ctx.db
      .query("reporterBeats")
      .withIndex("by_alert", (q) => q.eq("alertId", alert._id))
      .first();
    if (!row) await ctx.db.insert("reporterBeats", { alertId: alert._id, at: t, offline: false });
    else if (row.offline || t - row.at >= HEARTBEAT_MIN_WRITE_MS) await ctx.db.patch(row._id, { at: t, offline: false });
    if (alert.reporterOffline) await ctx.db.patch(alert._id, { reporterOffline: false, reporterLastSeenAt: t });
    return { active: true, intervalMs: HEARTBEAT_INTERVAL_MS };
  },
});

/** How many alerts one sweep looks at; the rest wait for the next run (every 10 s). */
const SWEEP_BATCH = 100;

/**
 * Cron (every 10 s): marks reporters offline once their beats stop, and ends alerts that are past
 * their site's maximum lifetime or whose reporter has been silent past the silence timeout.
 * Webhooks are hints: a publisher that webhooks still show connected buys one reconciliation
 * round with LiveKit's room service (convex/reconcile.ts), never an unbounded life. Returns how
 * many alerts it ended.
 */
export const endStale = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const t = now();
    await markOffline(ctx, t);
    const due = await ctx.db
      .query("alerts")
      .withIndex("by_status_staleAt", (q) => q.eq("status", "active").lt("staleAt", t))
      .take(SWEEP_BATCH);
    let ended = 0;
    for (const alert of due) {
      if (await sweepOne(ctx, alert, t)) ended++;
    }
    return ended;
  },
});

async function markOffline(ctx: MutationCtx, t: number): Promise<void> {
  const quiet = await ctx.db
    .query("reporterBeats")
    .withIndex("by_offline_at", (q) => q.eq("offline", false).lt("at", t - REPORTER_OFFLINE_AFTER_MS))
    .take(SWEEP_BATCH);
  for (const row of quiet) {
    const alert = await ctx.db.get(row.alertId);
    if (!alert || alert.status !== "active") {
      await ctx.db.delete(row._id); // the alert is over: the row has nothing left to say
      continue;
    }
    await ctx.db.patch(row._id, { offline: true });
    await ctx.db.patch(alert._id, { reporterOffline: true, reporterLastSeenAt: row.at });
  }
}

/** Decides one alert whose deadline passed; returns true when it ended it. */
async function sweepOne(ctx: MutationCtx, alert: Doc<"alerts">, t: number): Promise<boolean> {
  const site = await getSite(ctx, alert.site);
  const lifetimeEnd = alert.startedAt + maxLifetimeMs(site?.maxLifetimeSec);
  if (t >= lifetimeEnd) {
    await finish(ctx, alert, "max-lifetime");
    return true;
  }
  const timeout = silenceTimeoutMs(site?.silenceTimeoutSec);
  const beatRow = await ctx.db
    .query("reporterBeats")
    .withIndex("by_alert", (q) => q.eq("alertId", alert._id))
    .first();
  if (beatRow && beatRow.at + timeout > t) {
    // The page is still there: the deadline moves once per timeout, not once per beat.
    await ctx.db.patch(alert._id, { staleAt: Math.min(beatRow.at + timeout, lifetimeEnd), reconcileAskedAt: undefined });
    return false;
  }
  // Heartbeats (or, for pages without them, every other sign of life) have stopped. If webhooks
  // still show the publisher connected, the two disagree: ask LiveKit once, then decide.
  if (alert.reconcileAskedAt === undefined && (await publisherConnected(ctx, alert))) {
    await ctx.db.patch(alert._id, { reconcileAskedAt: t, staleAt: t + RECONCILE_GRACE_MS });
    await ctx.scheduler.runAfter(0, internal.reconcile.checkRoom, { alertId: alert._id, room: alert.room });
    return false;
  }
  await finish(ctx, alert, "broadcaster-silent");
  return true;
}

async function finish(ctx: MutationCtx, alert: Doc<"alerts">, reason: string): Promise<void> {
  await endAlert(ctx, alert, reason);
  const row = await ctx.db
    .query("reporterBeats")
    .withIndex("by_alert", (q) => q.eq("alertId", alert._id))
    .first();
  if (row) await ctx.db.delete(row._id);
}

/** Whether any webhook-tracked publisher connection of the alert is still open. */
export async function publisherConnected(ctx: MutationCtx, alert: Doc<"alerts">): Promise<boolean> {
  const rows = await ctx.db
    .query("participants")
    .withIndex("by_alert_identity", (q) => q.eq("alertId", alert._id).eq("identity", PUBLISHER_IDENTITY))
    .take(100);
  return rows.some((row) => row.leftAt === undefined);
}
