import { v } from "convex/values";
import { internalQuery, mutation, query } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { findAlert, requireAlert, requireAudience, requireOwner, requireReader, requireSite } from "./lib/access";
import { now } from "./lib/clock";
import { fail } from "./lib/errors";
import { staleAtFor } from "./lib/liveness";
import { deriveOwnerKey, hashOwnerKey, requestHash, roomName } from "./lib/ownerKey";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { ENGAGED } from "./lib/engagement";
import { toSummary } from "./lib/summary";
import { adoptReservation, applyEarlyMedia } from "./reservations";
import { checkCategory, checkClientRequestId, checkPosition, checkReason, checkSite } from "./lib/validate";
import { functions } from "@alertrun/contract";

/** Most active alerts one site shows at once; more than this is a mass-casualty dashboard problem. */
const ACTIVE_LIMIT = 100;

/**
 * Raises an alert. Idempotent on (site, clientRequestId): a retried press returns the same
 * `{alertId, ownerKey}` and never creates a second alert or spends a rate-limit token. The
 * database keeps only a keyed hash of the clientRequestId.
 *
 * A real press always gets through: there is no per-site bucket, and a start reads and writes
 * nothing another press writes (its own hash's index range, its own new document), so presses
 * neither wait for each other nor conflict. Only a signed-in identity has a bucket of its own.
 * docs/backend.md ("A real press always gets through") explains how floods are contained instead.
 */
export const start = mutation({
  args: functions["alerts:start"].args,
  returns: functions["alerts:start"].returns,
  handler: async (ctx, args) => {
    checkSite(args.site);
    checkClientRequestId(args.clientRequestId);
    if (args.category !== undefined) checkCategory(args.category);
    if (args.location) checkPosition(args.location);
    const site = await requireSite(ctx, args.site);
    const identity = await ctx.auth.getUserIdentity();
    if (!identity && !site.allowAnonymous) fail("auth/required", "Sign in to raise an alert on this site.");

    const ownerKey = await deriveOwnerKey(site.slug, args.clientRequestId);
    const hash = await requestHash(site.slug, args.clientRequestId);
    const existing = await ctx.db
      .query("alerts")
      .withIndex("by_site_request", (q) => q.eq("site", site.slug).eq("requestHash", hash))
      .first();
    if (existing) return { alertId: existing._id as string, ownerKey };

    if (identity) await requireToken(ctx, `start:user:${identity.tokenIdentifier}`, LIMITS.startPerUser);

    const t = now();
    const location = args.location ? { ...args.location, at: t } : undefined;
    // Issue 13: a press whose hold already connected its camera keeps that room (reservations.ts).
    const reserved = await adoptReservation(ctx, site.slug, hash);
    const alertId = await ctx.db.insert("alerts", {
      site: site.slug,
      requestHash: hash,
      ownerKeyHash: await hashOwnerKey(ownerKey),
      ...(identity ? { ownerToken: identity.tokenIdentifier } : {}),
      ...(args.category !== undefined ? { category: args.category } : {}),
      status: "active",
      startedAt: t,
      room: reserved?.room ?? (await roomName(site.slug, args.clientRequestId)),
      streamStatus: "pending",
      ...(location ? { location } : {}),
      acks: { seen: 0, on_my_way: 0, called_emergency_services: 0 },
      presenceViewers: 0,
      roomViewers: 0,
      lastSeenAt: t,
      staleAt: await staleAtFor(ctx, site.slug, t),
      publisherMs: 0,
      viewerMs: 0,
      presenceMs: 0,
      purged: false,
      engagement: identity ? ENGAGED.verified : ENGAGED.bare,
    });
    if (location) await ctx.db.insert("locations", { alertId, ...location });
    if (reserved) await applyEarlyMedia(ctx, alertId, reserved);
    return { alertId: alertId as string, ownerKey };
  },
});

/** Ends an alert (owner only). Ending an ended alert is a no-op. */
export const end = mutation({
  args: functions["alerts:end"].args,
  returns: functions["alerts:end"].returns,
  handler: async (ctx, { alertId, ownerKey, reason }) => {
    checkReason(reason);
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    await endAlert(ctx, alert, reason);
    return null;
  },
});

/** Ends an active alert (shared with the liveness sweep in heartbeat.ts). */
export async function endAlert(ctx: MutationCtx, alert: Doc<"alerts">, reason: string): Promise<void> {
  if (alert.status !== "active") return;
  await ctx.db.patch(alert._id, {
    status: "ended",
    endedAt: now(),
    endReason: reason,
    streamStatus: "ended",
    presenceViewers: 0,
  });
}

/**
 * Active alerts of a site, newest first. One index range; ended alerts are never read. When more
 * than ACTIVE_LIMIT are active (a mass incident, or a flood of starts), the list is filled by
 * engagement first (lib/engagement.ts), so bare starts cannot push out anyone whose reporter has
 * shown they are there; the result is still newest first.
 */
export const active = query({
  args: functions["alerts:active"].args,
  returns: functions["alerts:active"].returns,
  handler: async (ctx, { site }) => {
    const doc = await requireSite(ctx, site);
    await requireAudience(ctx, doc);
    const newest = await ctx.db
      .query("alerts")
      .withIndex("by_site_status_startedAt", (q) => q.eq("site", doc.slug).eq("status", "active"))
      .order("desc")
      .take(ACTIVE_LIMIT + 1);
    if (newest.length <= ACTIVE_LIMIT) return newest.map(toSummary);
    const picked: Doc<"alerts">[] = [];
    for (const level of [ENGAGED.verified, ENGAGED.acted, ENGAGED.bare]) {
      if (picked.length >= ACTIVE_LIMIT) break;
      const rows = await ctx.db
        .query("alerts")
        .withIndex("by_site_status_engagement_startedAt", (q) => q.eq("site", doc.slug).eq("status", "active").eq("engagement", level))
        .order("desc")
        .take(ACTIVE_LIMIT - picked.length);
      picked.push(...rows);
    }
    return picked.sort((a, b) => b.startedAt - a.startedAt).map(toSummary);
  },
});

/**
 * One alert for its owner or anyone the site's audience admits; null when it does not exist, or
 * when `site` is given and the alert belongs to another site (a viewer embedded on one site must
 * not be pointed at another site's alert).
 */
export const get = query({
  args: functions["alerts:get"].args,
  returns: functions["alerts:get"].returns,
  handler: async (ctx, { alertId, ownerKey, site }) => {
    const alert = await findAlert(ctx, alertId);
    if (!alert) return null;
    if (site !== undefined && alert.site !== site) return null;
    await requireReader(ctx, alert, ownerKey);
    return toSummary(alert);
  },
});

/**
 * Usage of one alert for billing and the cost arithmetic in docs/backend.md:
 * `npx convex run alerts:usage '{"alertId":"..."}'`.
 */
export const usage = internalQuery({
  args: { alertId: v.string(), pricePerParticipantMinute: v.optional(v.number()) },
  handler: async (ctx, { alertId, pricePerParticipantMinute }) => {
    const alert = await requireAlert(ctx, alertId);
    const price = pricePerParticipantMinute ?? 0.004;
    const publisherMinutes = alert.publisherMs / 60_000;
    const viewerMinutes = alert.viewerMs / 60_000;
    const participantMinutes = publisherMinutes + viewerMinutes;
    const live = await ctx.db
      .query("presence")
      .withIndex("by_alert_viewer", (q) => q.eq("alertId", alert._id))
      .take(10_000);
    const presenceMs = live.reduce((sum, row) => sum + row.watchedMs, alert.presenceMs);
    return {
      publisherMinutes,
      viewerMinutes,
      participantMinutes,
      presenceMinutes: presenceMs / 60_000,
      estimatedCostUsd: Math.round(participantMinutes * price * 100) / 100,
    };
  },
});
