import { v } from "convex/values";
import { internalMutation, query } from "./_generated/server";
import { getSite, requireSite } from "./lib/access";
import { accessOf } from "./lib/roles";
import { fail } from "./lib/errors";
import { checkNoBidi, checkSite } from "./lib/validate";
import { audience } from "./schema";
import { functions } from "@alertrun/contract";

/** Public configuration of a site, or null when there is no such site. */
export const get = query({
  args: functions["sites:get"].args,
  returns: functions["sites:get"].returns,
  handler: async (ctx, { site }) => {
    const doc = await getSite(ctx, site);
    if (!doc) return null;
    return {
      site: doc.slug,
      name: doc.name,
      audience: doc.audience,
      allowAnonymous: doc.allowAnonymous,
      retentionDays: doc.retentionDays,
      viewerChat: doc.viewerChat === true,
    };
  },
});

/**
 * What the calling identity may do on a site, so elements can hide what it may not:
 * `{role, canWatch, canChat, canAcknowledge}`. Never throws for a missing or refused identity
 * (`canWatch: false` instead); an unknown site is `site/not-found`. The functions themselves
 * enforce the same rules (lib/roles.ts); this is a hint for the UI, not the gate.
 */
export const access = query({
  args: functions["sites:access"].args,
  returns: functions["sites:access"].returns,
  handler: async (ctx, { site }) => accessOf(ctx, await requireSite(ctx, site)),
});

const siteFields = {
  site: v.string(),
  name: v.string(),
  audience,
  allowAnonymous: v.boolean(),
  retentionDays: v.number(),
  silenceTimeoutSec: v.optional(v.number()),
  viewerChat: v.optional(v.boolean()),
};

/**
 * Creates or updates a site. Internal: run it from the dashboard or
 * `npx convex run sites:upsert '{"site":"campus","name":"Campus",...}'`.
 */
export const upsert = internalMutation({
  args: siteFields,
  handler: async (ctx, { site, ...fields }) => {
    checkSite(site);
    if (!Number.isInteger(fields.retentionDays) || fields.retentionDays < 1 || fields.retentionDays > 3650) {
      fail("args/invalid", "retentionDays must be an integer from 1 to 3650.");
    }
    if (fields.silenceTimeoutSec !== undefined && !(fields.silenceTimeoutSec >= 10 && fields.silenceTimeoutSec <= 86_400)) {
      fail("args/invalid", "silenceTimeoutSec must be 10-86400.");
    }
    if (fields.name.trim().length < 1 || fields.name.length > 100) fail("args/invalid", "name must be 1-100 characters.");
    checkNoBidi("name", fields.name);
    const existing = await getSite(ctx, site);
    if (existing) {
      await ctx.db.replace(existing._id, { slug: site, ...fields });
      return existing._id;
    }
    return ctx.db.insert("sites", { slug: site, ...fields });
  },
});

/** Grants or revokes responder status on a site for one identity (its Convex `tokenIdentifier`). */
export const setResponder = internalMutation({
  args: { site: v.string(), tokenIdentifier: v.string(), responder: v.boolean() },
  handler: async (ctx, { site, tokenIdentifier, responder }) => {
    const rows = await ctx.db
      .query("responders")
      .withIndex("by_site_token", (q) => q.eq("site", site).eq("tokenIdentifier", tokenIdentifier))
      .collect();
    if (responder && rows.length === 0) await ctx.db.insert("responders", { site, tokenIdentifier });
    if (!responder) for (const row of rows) await ctx.db.delete(row._id);
    return null;
  },
});
