/**
 * Signalling for the direct media path (issue 16). When the broadcaster cannot reach the media
 * server it sets `mediaPath: "direct"` on its alert; responders who are watching then ask for a
 * peer connection here, the broadcaster answers with an offer (up to its own cap, refusing the
 * rest as "full"), and the responder replies with an answer. SDPs carry their ICE candidates
 * (gathered before sending), so one offer and one answer per attempt is the whole exchange.
 *
 * A direct connection reveals the reporter's network address, so every row is open only to the
 * alert's owner and to responders (never anonymous or merely admitted viewers), rows expire
 * after DIRECT_PEER_TTL_MS, and writes are rate-limited.
 */
import { v } from "convex/values";
import type { UserIdentity } from "convex/server";
import { internalMutation, mutation, query } from "./_generated/server";
import type { MutationCtx, QueryCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { isOwner, isResponder, requireActive, requireAlert, requireOwner, viewerKey } from "./lib/access";
import { now } from "./lib/clock";
import { DIRECT_PEER_TTL_MS, DIRECT_PEERS_PER_ALERT, DIRECT_SDP_MAX_CHARS, directConfig } from "./lib/directConfig";
import { fail } from "./lib/errors";
import { requireToken } from "./lib/rateLimit";
import { checkViewerId } from "./lib/validate";
import { functions } from "@alertrun/contract";

/** Write limits: per responder per alert, per alert for the broadcaster's own writes. */
const PEER_WRITES = { capacity: 12, perSecond: 1 / 2 };
const OWNER_WRITES = { capacity: 60, perSecond: 4 };


/** Throws unless the caller is signed in as a responder of the alert's site; returns their identity. */
async function requireResponder(ctx: QueryCtx, alert: Doc<"alerts">): Promise<UserIdentity> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) fail("auth/required", "Sign in as a responder to connect directly.");
  if (!(await isResponder(ctx, alert.site, identity))) fail("auth/forbidden", "Only responders may connect directly.");
  return identity;
}

function checkSdp(sdp: string): void {
  if (sdp.length === 0 || sdp.length > DIRECT_SDP_MAX_CHARS) fail("args/invalid", `A session description must be 1-${DIRECT_SDP_MAX_CHARS} characters.`);
}

async function findPeer(ctx: QueryCtx, alert: Doc<"alerts">, peerId: string): Promise<Doc<"directPeers"> | null> {
  return ctx.db
    .query("directPeers")
    .withIndex("by_alert_peer", (q) => q.eq("alertId", alert._id).eq("peerId", peerId))
    .unique();
}

/** The responder's own row (another responder's row with the same id is as good as absent). */
async function ownPeer(ctx: QueryCtx, alert: Doc<"alerts">, peerId: string, identity: UserIdentity): Promise<Doc<"directPeers"> | null> {
  const row = await findPeer(ctx, alert, peerId);
  return row && row.viewerKey === viewerKey(identity, "") && row.expiresAt > now() ? row : null;
}

async function deleteRows(ctx: MutationCtx, alert: Doc<"alerts">): Promise<void> {
  const rows = await ctx.db
    .query("directPeers")
    .withIndex("by_alert_peer", (q) => q.eq("alertId", alert._id))
    .take(DIRECT_PEERS_PER_ALERT * 2);
  for (const row of rows) await ctx.db.delete(row._id);
}

/** Broadcaster: "my media now goes through the media server / directly". Owner only. */
export const setMediaPath = mutation({
  args: functions["directSignals:setMediaPath"].args,
  returns: functions["directSignals:setMediaPath"].returns,
  handler: async (ctx, { alertId, ownerKey, path }) => {
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    requireActive(alert);
    await requireToken(ctx, `direct:owner:${alert._id}`, OWNER_WRITES);
    if ((alert.mediaPath ?? "sfu") !== path) {
      // Direct media is flowing to responders: the stream is live even though the SFU saw nothing.
      await ctx.db.patch(alert._id, path === "direct" ? { mediaPath: path, streamStatus: "live" } : { mediaPath: path });
    }
    // Back on the media server, the direct sessions are over: their rows go at once.
    if (path === "sfu") await deleteRows(ctx, alert);
    return null;
  },
});

/** Broadcaster: every responder asking for (or holding) a direct connection, with its answer. */
export const forReporter = query({
  args: functions["directSignals:forReporter"].args,
  returns: functions["directSignals:forReporter"].returns,
  handler: async (ctx, { alertId, ownerKey }) => {
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    const t = now();
    const rows =
      alert.status === "active"
        ? await ctx.db
            .query("directPeers")
            .withIndex("by_alert_peer", (q) => q.eq("alertId", alert._id))
            .take(DIRECT_PEERS_PER_ALERT)
        : [];
    return {
      ...directConfig(),
      peers: rows
        .filter((r) => r.expiresAt > t)
        .sort((a, b) => a._creationTime - b._creationTime)
        .map((r) => ({ peerId: r.peerId, attempt: r.attempt, status: r.status, answer: r.answer ?? null })),
    };
  },
});

/** Responder: their own row (the broadcaster's offer, or "full"), plus the ICE configuration. */
export const forViewer = query({
  args: functions["directSignals:forViewer"].args,
  returns: functions["directSignals:forViewer"].returns,
  handler: async (ctx, { alertId, peerId }) => {
    checkViewerId(peerId);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireResponder(ctx, alert);
    const row = alert.status === "active" ? await ownPeer(ctx, alert, peerId, identity) : null;
    return { ...directConfig(), peer: row ? { attempt: row.attempt, status: row.status, offer: row.offer ?? null } : null };
  },
});

/**
 * Responder: asks for a direct connection, or asks again after one failed (`attempt` goes up and
 * the old offer and answer are dropped). Returns the attempt number the broadcaster will offer for.
 */
export const request = mutation({
  args: functions["directSignals:request"].args,
  returns: functions["directSignals:request"].returns,
  handler: async (ctx, { alertId, peerId }) => {
    checkViewerId(peerId);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireResponder(ctx, alert);
    requireActive(alert);
    const key = viewerKey(identity, "");
    await requireToken(ctx, `direct:peer:${alert._id}:${key}`, PEER_WRITES);
    const t = now();
    const row = await findPeer(ctx, alert, peerId);
    if (row && row.viewerKey !== key) fail("auth/forbidden", "This peer id belongs to someone else.");
    if (row) {
      const attempt = row.attempt + 1;
      await ctx.db.replace(row._id, { alertId: alert._id, peerId, viewerKey: key, attempt, status: "requested", updatedAt: t, expiresAt: t + DIRECT_PEER_TTL_MS });
      return { attempt };
    }
    const existing = await ctx.db
      .query("directPeers")
      .withIndex("by_alert_peer", (q) => q.eq("alertId", alert._id))
      .take(DIRECT_PEERS_PER_ALERT);
    if (existing.filter((r) => r.expiresAt > t).length >= DIRECT_PEERS_PER_ALERT) {
      fail("rate-limited", "Too many direct connection requests for this alert.", { retryAfterMs: 30_000 });
    }
    await ctx.db.insert("directPeers", { alertId: alert._id, peerId, viewerKey: key, attempt: 1, status: "requested", updatedAt: t, expiresAt: t + DIRECT_PEER_TTL_MS });
    return { attempt: 1 };
  },
});

/** Responder: still here (rows expire DIRECT_PEER_TTL_MS after the last write). */
export const renew = mutation({
  args: functions["directSignals:renew"].args,
  returns: functions["directSignals:renew"].returns,
  handler: async (ctx, { alertId, peerId }) => {
    checkViewerId(peerId);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireResponder(ctx, alert);
    const row = await ownPeer(ctx, alert, peerId, identity);
    if (!row || alert.status !== "active") return false;
    await requireToken(ctx, `direct:peer:${alert._id}:${row.viewerKey}`, PEER_WRITES);
    await ctx.db.patch(row._id, { expiresAt: now() + DIRECT_PEER_TTL_MS });
    return true;
  },
});

/** Responder: the answer to the broadcaster's offer of `attempt`. False when that attempt is gone. */
export const answer = mutation({
  args: functions["directSignals:answer"].args,
  returns: functions["directSignals:answer"].returns,
  handler: async (ctx, { alertId, peerId, attempt, sdp }) => {
    checkViewerId(peerId);
    checkSdp(sdp);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireResponder(ctx, alert);
    requireActive(alert);
    const row = await ownPeer(ctx, alert, peerId, identity);
    if (!row || row.attempt !== attempt || row.status !== "offered") return false;
    await requireToken(ctx, `direct:peer:${alert._id}:${row.viewerKey}`, PEER_WRITES);
    const t = now();
    await ctx.db.patch(row._id, { answer: sdp, status: "answered", updatedAt: t, expiresAt: t + DIRECT_PEER_TTL_MS });
    return true;
  },
});

/** Responder: done with the direct connection (closed the viewer, or the alert moved on). */
export const leave = mutation({
  args: functions["directSignals:leave"].args,
  returns: functions["directSignals:leave"].returns,
  handler: async (ctx, { alertId, peerId }) => {
    checkViewerId(peerId);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireResponder(ctx, alert);
    const row = await ownPeer(ctx, alert, peerId, identity);
    if (row) await ctx.db.delete(row._id);
    return null;
  },
});

/**
 * Broadcaster: an offer for `attempt` of a responder's request, or (with `full`) a refusal
 * because its cap of direct connections is reached. False when that attempt is gone.
 */
export const offer = mutation({
  args: functions["directSignals:offer"].args,
  returns: functions["directSignals:offer"].returns,
  handler: async (ctx, { alertId, ownerKey, peerId, attempt, sdp, full }) => {
    checkViewerId(peerId);
    if (sdp !== undefined) checkSdp(sdp);
    if ((sdp === undefined) === (full !== true)) fail("args/invalid", "Pass either an sdp or full: true.");
    const alert = await requireAlert(ctx, alertId);
    if (!(await isOwner(ctx, alert, ownerKey))) fail("auth/forbidden", "Only the person who raised this alert may offer media.");
    requireActive(alert);
    await requireToken(ctx, `direct:owner:${alert._id}`, OWNER_WRITES);
    const row = await findPeer(ctx, alert, peerId);
    if (!row || row.attempt !== attempt || row.expiresAt <= now()) return false;
    const t = now();
    if (sdp === undefined) await ctx.db.patch(row._id, { status: "full", updatedAt: t });
    else await ctx.db.patch(row._id, { status: "offered", offer: sdp, updatedAt: t, expiresAt: t + DIRECT_PEER_TTL_MS });
    return true;
  },
});

/** Cron: drops expired rows, and rows of alerts that ended or are back on the media server. */
export const sweep = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    const t = now();
    const expired = await ctx.db
      .query("directPeers")
      .withIndex("by_expiresAt", (q) => q.lt("expiresAt", t))
      .take(500);
    for (const row of expired) await ctx.db.delete(row._id);
    const live = await ctx.db
      .query("directPeers")
      .withIndex("by_expiresAt", (q) => q.gte("expiresAt", t))
      .take(500);
    for (const row of live) {
      const alert = await ctx.db.get(row.alertId);
      if (!alert || alert.status !== "active" || (alert.mediaPath ?? "sfu") !== "direct") await ctx.db.delete(row._id);
    }
    return null;
  },
});
