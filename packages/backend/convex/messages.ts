import { mutation, query } from "./_generated/server";
import { isOwner, requireActive, requireAlert, requireReader, requireSite, viewerKey } from "./lib/access";
import { now } from "./lib/clock";
import { chatTextProblem, cleanChatText } from "@alertrun/contract";
import { fail } from "./lib/errors";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { ENGAGED, raiseEngagement } from "./lib/engagement";
import { touchBroadcaster } from "./lib/liveness";
import { requireWatcher } from "./lib/roles";
import { checkLimit, checkViewerId, cleanDisplayName, enforce, stripBidi } from "./lib/validate";
import { functions } from "@alertrun/contract";

/**
 * Sends a chat message on an alert. With a valid owner key (or as the signed-in owner) the author
 * is `reporter`. Anyone else must pass the site's audience policy and send a viewerId: a responder
 * writes as `responder`; a viewer writes as `viewer` only on sites with `viewerChat: true`, and is
 * refused (`auth/forbidden`) elsewhere. A wrong owner key is refused rather than silently
 * downgraded. Rate limits: the reporter has a bucket of their own; responders and viewers each
 * share a per-alert bucket with their own class only.
 */
export const send = mutation({
  args: functions["messages:send"].args,
  returns: functions["messages:send"].returns,
  handler: async (ctx, { alertId, text, ownerKey, viewerId, displayName }) => {
    enforce(chatTextProblem(text));
    const body = cleanChatText(text);
    const alert = await requireAlert(ctx, alertId);
    const owner = await isOwner(ctx, alert, ownerKey);
    if (ownerKey !== undefined && !owner) fail("auth/forbidden", "Wrong owner key.");
    let author: "reporter" | "responder" | "viewer";
    let name: string;
    if (owner) {
      author = "reporter";
      name = cleanDisplayName(displayName, "Reporter");
      requireActive(alert);
      await requireToken(ctx, `chat:owner:${alert._id}`, LIMITS.chatPerSender);
    } else {
      if (viewerId === undefined) fail("args/invalid", "viewerId is required unless you are the reporter.");
      checkViewerId(viewerId);
      const site = await requireSite(ctx, alert.site);
      const { identity, role } = await requireWatcher(ctx, site);
      if (role === "viewer" && site.viewerChat !== true) fail("auth/forbidden", "Only responders may chat on this site.");
      author = role;
      name = cleanDisplayName(displayName ?? stripBidi(identity?.name), role === "responder" ? "Responder" : "Viewer");
      requireActive(alert);
      await requireToken(ctx, `chat:sender:${alert._id}:${viewerKey(identity, viewerId)}`, LIMITS.chatPerSender);
      const perAlert = role === "responder" ? LIMITS.chatRespondersPerAlert : LIMITS.chatViewersPerAlert;
      await requireToken(ctx, `chat:${role}s:${alert._id}`, perAlert);
    }
    const t = now();
    const messageId = await ctx.db.insert("messages", { alertId: alert._id, author, displayName: name, text: body, sentAt: t });
    if (owner) {
      await touchBroadcaster(ctx, alert, t);
      await raiseEngagement(ctx, alert, ENGAGED.acted);
    }
    return { messageId: messageId as string };
  },
});

/** The latest `limit` messages of an alert, oldest first. */
export const list = query({
  args: functions["messages:list"].args,
  returns: functions["messages:list"].returns,
  handler: async (ctx, { alertId, limit, ownerKey }) => {
    const n = checkLimit(limit, 100, 500);
    const alert = await requireAlert(ctx, alertId);
    await requireReader(ctx, alert, ownerKey);
    const rows = await ctx.db
      .query("messages")
      .withIndex("by_alert_sentAt", (q) => q.eq("alertId", alert._id))
      .order("desc")
      .take(n);
    return rows.reverse().map((m) => ({
      messageId: m._id as string,
      alertId: m.alertId as string,
      author: m.author,
      displayName: m.displayName,
      text: m.text,
      sentAt: m.sentAt,
    }));
  },
});
