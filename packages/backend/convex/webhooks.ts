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
    /** LiveKit participant sid: rows are keyed by it when present (real LiveKit always sends it). */
    sid: v.optional(v.string()),
  },
  handler: async (ctx, { eventId, event, room, identity, sid }) => {
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
        if (identity) await joined(ctx, alert, identity, sid, t);
        return "applied";
      case "participant_left":
      case "participant_connection_aborted":
        if (identity) await left(ctx, alert, identity, sid, t);
        return "applied";
      case "track_published":
        // A track of a connection already gone (a late, reordered event) says nothing.
        if (identity === PUBLISHER_IDENTITY && alert.status === "active" && !(await closedConnection(ctx, alert, sid))) {
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

/** The row of one LiveKit connection: by sid when known, else (old events) by identity. */
async function findRow(ctx: MutationCtx, alert: Doc<"alerts">, identity: string, sid: string | undefined) {
  if (sid) {
    return ctx.db
      .query("participants")
      .withIndex("by_alert_sid", (q) => q.eq("alertId", alert._id).eq("sid", sid))
      .first();
  }
  return ctx.db
    .query("participants")
    .withIndex("by_alert_identity", (q) => q.eq("alertId", alert._id).eq("identity", identity))
    .first();
}

async function closedConnection(ctx: MutationCtx, alert: Doc<"alerts">, sid: string | undefined): Promise<boolean> {
  if (!sid) return false;
  const row = await ctx.db
    .query("participants")
    .withIndex("by_alert_sid", (q) => q.eq("alertId", alert._id).eq("sid", sid))
    .first();
  return row?.leftAt !== undefined;
}

async function joined(ctx: MutationCtx, alert: Doc<"alerts">, identity: string, sid: string | undefined, t: number): Promise<void> {
  const row = await findRow(ctx, alert, identity, sid);
  if (row && row.leftAt === undefined) return; // already counted as connected
  // A sid's row that is closed means its `participant_left` came first (LiveKit does not order
  // deliveries): that connection is over, and the late join must not reopen it.
  if (row && sid) return;
  if (row) await ctx.db.patch(row._id, { joinedAt: t, leftAt: undefined });
  else await ctx.db.insert("participants", { alertId: alert._id, identity, ...(sid ? { sid } : {}), role: role(identity), joinedAt: t });
  if (role(identity) === "viewer") await ctx.db.patch(alert._id, { roomViewers: alert.roomViewers + 1 });
  else if (alert.status === "active") {
    await ctx.db.patch(alert._id, { lastSeenAt: t, staleAt: await staleAtFor(ctx, alert.site, t) });
  }
}

async function left(ctx: MutationCtx, alert: Doc<"alerts">, identity: string, sid: string | undefined, t: number): Promise<void> {
  const row = await findRow(ctx, alert, identity, sid);
  if (!row) {
    // `participant_left` without a join: remember the sid as closed so a late join stays closed.
    if (sid) await ctx.db.insert("participants", { alertId: alert._id, identity, sid, role: role(identity), joinedAt: t, leftAt: t });
    return;
  }
  if (row.leftAt !== undefined) return;
  await closeParticipant(ctx, alert, row, t);
}

/**
 * Closes one open participant row: accounts its connection time and, for the broadcaster, makes
 * the stream pending unless another of its connections is still open (a reconnect's new sid may
 * join before the old one's leave arrives). Shared with the room-service reconciliation.
 */
export async function closeParticipant(
  ctx: MutationCtx,
  alert: Doc<"alerts">,
  row: Doc<"participants">,
  t: number,
  /** A real `participant_left` is the broadcaster's last sign of life; a reconciled-away row is not. */
  signOfLife = true,
): Promise<void> {
  await ctx.db.patch(row._id, { leftAt: t });
  const ms = Math.max(0, t - row.joinedAt);
  const fresh = (await ctx.db.get(alert._id)) ?? alert;
  if (row.role === "viewer") {
    await ctx.db.patch(alert._id, { viewerMs: fresh.viewerMs + ms, roomViewers: Math.max(0, fresh.roomViewers - 1) });
    return;
  }
  const others = await ctx.db
    .query("participants")
    .withIndex("by_alert_identity", (q) => q.eq("alertId", alert._id).eq("identity", row.identity))
    .take(100);
  const stillConnected = others.some((o) => o._id !== row._id && o.leftAt === undefined);
  // The broadcaster dropped: while the alert is active they may reconnect, so the stream is
  // pending and the silence timeout starts now.
  const active = fresh.status === "active";
  await ctx.db.patch(alert._id, {
    publisherMs: fresh.publisherMs + ms,
    ...(stillConnected ? {} : { streamStatus: active ? "pending" : "ended" }),
    ...(active && signOfLife ? { lastSeenAt: t, staleAt: await staleAtFor(ctx, fresh.site, t) } : {}),
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
