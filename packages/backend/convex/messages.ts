import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { isOwner, requireActive, requireAlert, requireAudience, requireReader, requireSite, viewerKey } from "./lib/access";
import { now } from "./lib/clock";
import { CHAT_MAX_CHARS, DISPLAY_NAME_MAX_CHARS } from "./lib/config";
import { fail } from "./lib/errors";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { touchBroadcaster } from "./lib/liveness";
import { checkLimit, checkViewerId, cleanDisplayName } from "./lib/validate";

/**
 * Sends a chat message on an alert. With a valid owner key (or as the signed-in owner) the author
 * is `reporter`; anyone else must pass the site's audience policy and a viewerId, and is a
 * `responder`. A wrong owner key is refused rather than silently downgraded.
 */
export const send = mutation({
  args: {
    alertId: v.string(),
    text: v.string(),
    ownerKey: v.optional(v.string()),
    viewerId: v.optional(v.string()),
    displayName: v.optional(v.string()),
  },
  handler: async (ctx, { alertId, text, ownerKey, viewerId, displayName }) => {
    const body = text.trim();
    if (body.length < 1 || body.length > CHAT_MAX_CHARS) {
      fail("chat/invalid-message", `Messages must be 1-${CHAT_MAX_CHARS} characters.`);
    }
    const alert = await requireAlert(ctx, alertId);
    const owner = await isOwner(ctx, alert, ownerKey);
    if (ownerKey !== undefined && !owner) fail("auth/forbidden", "Wrong owner key.");
    let author: "reporter" | "responder";
    let name: string;
    let senderKey: string;
    if (owner) {
      author = "reporter";
      name = cleanDisplayName(displayName, "Reporter", DISPLAY_NAME_MAX_CHARS);
      senderKey = `owner:${alert._id}`;
    } else {
      if (viewerId === undefined) fail("args/invalid", "viewerId is required for responders.");
      checkViewerId(viewerId);
      const identity = await requireAudience(ctx, await requireSite(ctx, alert.site));
      author = "responder";
      name = cleanDisplayName(displayName ?? identity?.name, "Responder", DISPLAY_NAME_MAX_CHARS);
      senderKey = viewerKey(identity, viewerId);
    }
    requireActive(alert);
    await requireToken(ctx, `chat:sender:${alert._id}:${senderKey}`, LIMITS.chatPerSender);
    await requireToken(ctx, `chat:alert:${alert._id}`, LIMITS.chatPerAlert);
    const t = now();
    const messageId = await ctx.db.insert("messages", { alertId: alert._id, author, displayName: name, text: body, sentAt: t });
    if (owner) await touchBroadcaster(ctx, alert, t);
    return { messageId: messageId as string };
  },
});

/** The latest `limit` messages of an alert, oldest first. */
export const list = query({
  args: { alertId: v.string(), limit: v.optional(v.number()), ownerKey: v.optional(v.string()) },
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
