import { mutation } from "./_generated/server";
import { requireActive, requireAlert, requireSite, viewerKey } from "./lib/access";
import { requireResponder } from "./lib/roles";
import { now } from "./lib/clock";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { checkViewerId } from "./lib/validate";
import { functions } from "@alertrun/contract";

/**
 * Records a responder's acknowledgement, at most once per responder and kind. Only responders may
 * acknowledge (a viewer saying "called emergency services" would be read as a responder's word),
 * so the counts on the alert are responder acknowledgements only. The counts live on the alert, so
 * everyone who can read the alert (the broadcaster included) sees them through `alerts:get`.
 */
export const add = mutation({
  args: functions["acks:add"].args,
  returns: functions["acks:add"].returns,
  handler: async (ctx, { alertId, viewerId, kind }) => {
    checkViewerId(viewerId);
    const alert = await requireAlert(ctx, alertId);
    const identity = await requireResponder(ctx, await requireSite(ctx, alert.site));
    requireActive(alert);
    const key = viewerKey(identity, viewerId);
    const existing = await ctx.db
      .query("acks")
      .withIndex("by_alert_viewer_kind", (q) => q.eq("alertId", alert._id).eq("viewerKey", key).eq("kind", kind))
      .first();
    if (existing) return { added: false };
    await requireToken(ctx, `ack:viewer:${key}`, LIMITS.ackPerViewer);
    await requireToken(ctx, `ack:alert:${alert._id}`, LIMITS.ackPerAlert);
    await ctx.db.insert("acks", { alertId: alert._id, viewerKey: key, kind, at: now() });
    await ctx.db.patch(alert._id, { acks: { ...alert.acks, [kind]: alert.acks[kind] + 1 } });
    return { added: true };
  },
});
