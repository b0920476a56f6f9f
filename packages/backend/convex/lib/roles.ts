/**
 * Roles (DESIGN.md "Roles, trust and liveness"): what a caller who is not the alert's owner may do
 * on a site. The reporter is decided per alert (`isOwner` in access.ts); everyone else is a
 * responder or a viewer, and the audience policy decides whether they get in at all.
 */
import type { UserIdentity } from "convex/server";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { isResponder, requireAudience } from "./access";
import { fail } from "./errors";

export type Role = "responder" | "viewer";

/** What `sites:access` returns, and what every function below checks. */
export type Access = { role: Role; canWatch: boolean; canChat: boolean; canAcknowledge: boolean };

export async function roleOf(ctx: QueryCtx, site: Doc<"sites">, identity: UserIdentity | null): Promise<Role> {
  return identity && (await isResponder(ctx, site.slug, identity)) ? "responder" : "viewer";
}

/** The caller's access to `site`, without throwing (a refused audience gives `canWatch: false`). */
export async function accessOf(ctx: QueryCtx, site: Doc<"sites">): Promise<Access> {
  const identity = await ctx.auth.getUserIdentity();
  const role = await roleOf(ctx, site, identity);
  const canWatch =
    site.audience === "public" || (identity !== null && (site.audience === "signed-in" || role === "responder"));
  return {
    role,
    canWatch,
    canChat: canWatch && (role === "responder" || site.viewerChat === true),
    canAcknowledge: canWatch && role === "responder",
  };
}

/** Admits the caller under the audience policy and returns their identity and role. */
export async function requireWatcher(ctx: QueryCtx, site: Doc<"sites">): Promise<{ identity: UserIdentity | null; role: Role }> {
  const identity = await requireAudience(ctx, site);
  return { identity, role: await roleOf(ctx, site, identity) };
}

/** Admits responders only (after the audience policy); everyone else gets `auth/forbidden`. */
export async function requireResponder(ctx: QueryCtx, site: Doc<"sites">): Promise<UserIdentity> {
  const { identity, role } = await requireWatcher(ctx, site);
  if (role !== "responder" || !identity) fail("auth/forbidden", "Only responders may do that.");
  return identity;
}
