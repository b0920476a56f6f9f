import { v } from "convex/values";
import { RoomServiceClient } from "livekit-server-sdk";
import { internalAction, internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";
import { now } from "./lib/clock";
import { livekitConfig, PUBLISHER_IDENTITY, silenceTimeoutMs } from "./lib/config";
import { getSite } from "./lib/access";
import { maxLifetimeMs } from "./lib/liveness";
import { closeParticipant } from "./webhooks";

const participant = v.object({ sid: v.string(), identity: v.string() });

/**
 * Asks LiveKit's room service who is really in an alert's room (webhooks are hints: LiveKit
 * promises no delivery). Scheduled by the liveness sweep when heartbeats have stopped but webhooks
 * still show the broadcaster connected. A room LiveKit does not know is an empty room; a room
 * service that cannot be reached changes nothing (the sweep's grace then runs out).
 */
export const checkRoom = internalAction({
  args: { alertId: v.id("alerts"), room: v.string() },
  returns: v.null(),
  handler: async (ctx, { alertId, room }) => {
    const { url, apiKey, apiSecret } = livekitConfig();
    const service = new RoomServiceClient(url, apiKey, apiSecret, { requestTimeout: 10 });
    let present: { sid: string; identity: string }[];
    try {
      const list = await service.listParticipants(room);
      present = list.map((p) => ({ sid: p.sid, identity: p.identity }));
    } catch (error) {
      if (!isNotFound(error)) {
        console.warn(`reconcile: room service unreachable for ${room}: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
      present = [];
    }
    await ctx.runMutation(internal.reconcile.applyRoom, { alertId, present });
    return null;
  },
});

/** LiveKit's Twirp answer for an unknown room; a bare HTTP 404 (no room service there) is not one. */
function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "not_found";
}

/**
 * Applies the room service's answer: connections it does not list are closed (as their lost
 * `participant_left` would have), and a broadcaster it does list counts as a sign of life.
 */
export const applyRoom = internalMutation({
  args: { alertId: v.id("alerts"), present: v.array(participant) },
  returns: v.object({ closed: v.number(), publisherPresent: v.boolean() }),
  handler: async (ctx, { alertId, present }) => {
    const alert = await ctx.db.get(alertId);
    if (!alert) return { closed: 0, publisherPresent: false };
    const t = now();
    const sids = new Set(present.map((p) => p.sid));
    const identities = new Set(present.map((p) => p.identity));
    const rows = await ctx.db
      .query("participants")
      .withIndex("by_alert_identity", (q) => q.eq("alertId", alertId))
      .take(1000);
    let closed = 0;
    for (const row of rows) {
      if (row.leftAt !== undefined) continue;
      // Rows from before sids were kept can only be matched by identity.
      const there = row.sid ? sids.has(row.sid) : identities.has(row.identity);
      if (there) continue;
      await closeParticipant(ctx, alert, row, t, false);
      closed++;
    }
    const publisherPresent = identities.has(PUBLISHER_IDENTITY);
    if (publisherPresent && alert.status === "active") {
      const site = await getSite(ctx, alert.site);
      const deadline = Math.min(t + silenceTimeoutMs(site?.silenceTimeoutSec), alert.startedAt + maxLifetimeMs(site?.maxLifetimeSec));
      await ctx.db.patch(alertId, { lastSeenAt: t, staleAt: deadline, reconcileAskedAt: undefined });
    }
    return { closed, publisherPresent };
  },
});
