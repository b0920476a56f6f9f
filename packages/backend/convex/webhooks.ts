import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { now } from "./lib/clock";
import { PUBLISHER_IDENTITY } from "./lib/config";
import { ENGAGED } from "./lib/engagement";
import { staleAtFor } from "./lib/liveness";
import { recordEarlyMedia } from "./reservations";

/**
 * Applies one verified LiveKit webhook (http.ts verifies the signature first). Updates the
 * alert's stream status, its count of connected viewers and its participant time, which is what
 * LiveKit bills. Duplicate deliveries (same event id) are ignored.
 */
export const apply = internalMutation({
  args: {
    eventId: v.string(),
    event: v.string(),
    room: v.string(),
    identity: v.optional(v.string()),
  },
  handler: async (ctx, { eventId, event, room, identity }) => {
    const t = now();
    if (eventId) {
      const seen = await ctx.db
        .query("webhookEvents")
        .withIndex("by_eventId", (q) => q.eq("eventId", eventId))
        .first();
      if (seen) return "duplicate";
      await ctx.db.insert("webhookEvents", { eventId, at: t });
    }
    const alert = await ctx.db
      .query("alerts")
      .withIndex("by_room", (q) => q.eq("room", room))
      .unique();
    if (!alert) return (await recordEarlyMedia(ctx, room, event, identity, t)) ? "applied" : "ignored";
    switch (event) {
      case "participant_joined":
        if (identity) await joined(ctx, alert, identity, t);
        return "applied";
      case "participant_left":
      case "participant_connection_aborted":
        if (identity) await left(ctx, alert, identity, t);
        return "applied";
      case "track_published":
        if (identity === PUBLISHER_IDENTITY && alert.status === "active") {
          await ctx.db.patch(alert._id, {
            streamStatus: "live",
            lastSeenAt: t,
            staleAt: await staleAtFor(ctx, alert.site, t),
            engagement: ENGAGED.verified,
          });
        }
        return "applied";
      case "room_finished":
        await roomFinished(ctx, alert, t);
        return "applied";
      default:
        return "ignored";
    }
  },
});

function role(identity: string): "publisher" | "viewer" {
  return identity === PUBLISHER_IDENTITY ? "publisher" : "viewer";
}

async function joined(ctx: MutationCtx, alert: Doc<"alerts">, identity: string, t: number): Promise<void> {
  const row = await ctx.db
    .query("participants")
    .withIndex("by_alert_identity", (q) => q.eq("alertId", alert._id).eq("identity", identity))
    .first();
  if (row && row.leftAt === undefined) return; // already counted as connected
  if (row) await ctx.db.patch(row._id, { joinedAt: t, leftAt: undefined });
  else await ctx.db.insert("participants", { alertId: alert._id, identity, role: role(identity), joinedAt: t });
  if (role(identity) === "viewer") await ctx.db.patch(alert._id, { roomViewers: alert.roomViewers + 1 });
  else if (alert.status === "active") {
    await ctx.db.patch(alert._id, { lastSeenAt: t, staleAt: await staleAtFor(ctx, alert.site, t) });
  }
}

async function left(ctx: MutationCtx, alert: Doc<"alerts">, identity: string, t: number): Promise<void> {
  const row = await ctx.db
    .query("participants")
    .withIndex("by_alert_identity", (q) => q.eq("alertId", alert._id).eq("identity", identity))
    .first();
  if (!row || row.leftAt !== undefined) return;
  await ctx.db.patch(row._id, { leftAt: t });
  const ms = Math.max(0, t - row.joinedAt);
  if (row.role === "viewer") {
    await ctx.db.patch(alert._id, { viewerMs: alert.viewerMs + ms, roomViewers: Math.max(0, alert.roomViewers - 1) });
    return;
  }
  // The broadcaster dropped: while the alert is active they may reconnect, so the stream is
  // pending and the silence timeout starts now.
  const active = alert.status === "active";
  await ctx.db.patch(alert._id, {
    publisherMs: alert.publisherMs + ms,
    streamStatus: active ? "pending" : "ended",
    ...(active ? { lastSeenAt: t, staleAt: await staleAtFor(ctx, alert.site, t) } : {}),
  });
}

async function roomFinished(ctx: MutationCtx, alert: Doc<"alerts">, t: number): Promise<void> {
  const rows = await ctx.db
    .query("participants")
    .withIndex("by_alert_identity", (q) => q.eq("alertId", alert._id))
    .take(10_000);
  let publisherMs = alert.publisherMs;
  let viewerMs = alert.viewerMs;
  for (const row of rows) {
    if (row.leftAt !== undefined) continue;
    const ms = Math.max(0, t - row.joinedAt);
    if (row.role === "publisher") publisherMs += ms;
    else viewerMs += ms;
    await ctx.db.patch(row._id, { leftAt: t });
  }
  await ctx.db.patch(alert._id, { publisherMs, viewerMs, roomViewers: 0, streamStatus: "ended" });
}

/** Cron: forgets webhook ids older than a day (LiveKit stops retrying long before). */
export const cleanup = internalMutation({
  args: {},
  handler: async (ctx) => {
    const t = now();
    const old = await ctx.db
      .query("webhookEvents")
      .withIndex("by_at", (q) => q.lt("at", t - 86_400_000))
      .take(1000);
    for (const row of old) await ctx.db.delete(row._id);
    const buckets = await ctx.db
      .query("rateLimits")
      .withIndex("by_updatedAt", (q) => q.lt("updatedAt", t - 86_400_000))
      .take(1000);
    for (const row of buckets) await ctx.db.delete(row._id);
    return null;
  },
});
