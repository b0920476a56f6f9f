/**
 * Who may do what. Every public function goes through one of these helpers; docs/backend.md
 * ("Security model") describes the same rules in prose.
 */
import type { UserIdentity } from "convex/server";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { fail } from "./errors";
import { hashOwnerKey, sameDigest } from "./ownerKey";

export async function getSite(ctx: QueryCtx, slug: string): Promise<Doc<"sites"> | null> {
  return ctx.db
    .query("sites")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique();
}

export async function requireSite(ctx: QueryCtx, slug: string): Promise<Doc<"sites">> {
  const site = await getSite(ctx, slug);
  if (!site) fail("site/not-found", `No site named "${slug}".`);
  return site;
}

/** Alert ids arrive as plain strings; a malformed or foreign id is simply "not found". */
export function parseAlertId(ctx: QueryCtx, alertId: string): Id<"alerts"> | null {
  return ctx.db.normalizeId("alerts", alertId);
}

export async function findAlert(ctx: QueryCtx, alertId: string): Promise<Doc<"alerts"> | null> {
  const id = parseAlertId(ctx, alertId);
  return id ? ctx.db.get(id) : null;
}

export async function requireAlert(ctx: QueryCtx, alertId: string): Promise<Doc<"alerts">> {
  const alert = await findAlert(ctx, alertId);
  if (!alert) fail("alert/not-found", "No such alert.");
  return alert;
}

export function requireActive(alert: Doc<"alerts">): void {
  if (alert.status !== "active") fail("alert/ended", "The alert has ended.");
}

/**
 * A responder is an identity whose token carries `role: "responder"` or a `roles` array containing
 * "responder", or whose tokenIdentifier is listed in the `responders` table for the site.
 */
export async function isResponder(ctx: QueryCtx, site: string, identity: UserIdentity): Promise<boolean> {
  const claims = identity as UserIdentity & { role?: unknown; roles?: unknown };
  if (claims.role === "responder") return true;
  if (Array.isArray(claims.roles) && claims.roles.includes("responder")) return true;
  const member = await ctx.db
    .query("responders")
    .withIndex("by_site_token", (q) => q.eq("site", site).eq("tokenIdentifier", identity.tokenIdentifier))
    .first();
  return member !== null;
}

/** Throws unless the caller may watch alerts of `site` under its audience policy. */
export async function requireAudience(ctx: QueryCtx, site: Doc<"sites">): Promise<UserIdentity | null> {
  const identity = await ctx.auth.getUserIdentity();
  if (site.audience === "public") return identity;
  if (!identity) fail("auth/required", "Sign in to view alerts on this site.");
  if (site.audience === "responders" && !(await isResponder(ctx, site.slug, identity))) {
    fail("auth/forbidden", "Only responders may view alerts on this site.");
  }
  return identity;
}

/** True when `ownerKey` matches the alert, or the signed-in caller started it. */
export async function isOwner(ctx: QueryCtx, alert: Doc<"alerts">, ownerKey: string | undefined): Promise<boolean> {
  if (ownerKey !== undefined && ownerKey.length <= 256) {
    if (sameDigest(await hashOwnerKey(ownerKey), alert.ownerKeyHash)) return true;
  }
  if (alert.ownerToken !== undefined) {
    const identity = await ctx.auth.getUserIdentity();
    if (identity && identity.tokenIdentifier === alert.ownerToken) return true;
  }
  return false;
}

export async function requireOwner(ctx: QueryCtx, alert: Doc<"alerts">, ownerKey: string | undefined): Promise<void> {
  if (!(await isOwner(ctx, alert, ownerKey))) fail("auth/forbidden", "Only the person who raised this alert may do that.");
}

/** Readers of one alert: its owner, or anyone the site's audience policy admits. */
export async function requireReader(ctx: QueryCtx, alert: Doc<"alerts">, ownerKey: string | undefined): Promise<void> {
  if (await isOwner(ctx, alert, ownerKey)) return;
  const site = await requireSite(ctx, alert.site);
  await requireAudience(ctx, site);
}

/** Dedupe key for acknowledgements and presence: a signed-in identity cannot pose as many viewers. */
export function viewerKey(identity: UserIdentity | null, viewerId: string): string {
  return identity ? `u:${identity.tokenIdentifier}` : `a:${viewerId}`;
}
