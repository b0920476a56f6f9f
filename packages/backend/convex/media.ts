import { v } from "convex/values";
import { TrackSource } from "livekit-server-sdk";
import { action, internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";
import { requireActive, requireAlert, requireOwner, requireSite, viewerKey } from "./lib/access";
import { requireWatcher } from "./lib/roles";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { now } from "./lib/clock";
import { PUBLISHER_IDENTITY } from "./lib/config";
import { mint, type TokenResult } from "./lib/livekitToken";
import { ENGAGED, raiseEngagement } from "./lib/engagement";
import { touchBroadcaster } from "./lib/liveness";
import { checkViewerId, cleanDisplayName, stripBidi } from "./lib/validate";
import { checkViewerSession, viewerIdentity } from "./lib/viewerIdentity";
import { functions } from "@alertrun/contract";

/** Owner check for publishing; also counts as a sign of life from the broadcaster. */
export const authorizePublish = internalMutation({
  args: { alertId: v.string(), ownerKey: v.optional(v.string()) },
  handler: async (ctx, { alertId, ownerKey }) => {
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    requireActive(alert);
    await touchBroadcaster(ctx, alert, now());
    await raiseEngagement(ctx, alert, ENGAGED.acted);
    return { room: alert.room };
  },
});

/**
 * Audience check for viewing; the room name is only ever handed to admitted callers. Tokens are
 * limited per viewer and per alert: each one admits a LiveKit participant we pay for.
 */
export const authorizeView = internalMutation({
  args: { alertId: v.string(), viewerId: v.string() },
  handler: async (ctx, { alertId, viewerId }) => {
    const alert = await requireAlert(ctx, alertId);
    const { identity, role } = await requireWatcher(ctx, await requireSite(ctx, alert.site));
    requireActive(alert);
    await requireToken(ctx, `view:viewer:${alert._id}:${viewerKey(identity, viewerId)}`, LIMITS.viewTokenPerViewer);
    await requireToken(ctx, `view:alert:${alert._id}`, LIMITS.viewTokenPerAlert);
    return { room: alert.room, name: identity?.name ?? null, role };
  },
});

/**
 * A LiveKit token for the alert's broadcaster: this room only, camera and microphone only (no
 * screen share), may subscribe (to hear responders later) and send data. Owner only.
 */
export const publishToken = action({
  args: functions["media:publishToken"].args,
  returns: functions["media:publishToken"].returns,
  handler: async (ctx, args): Promise<TokenResult> => {
    const { room } = await ctx.runMutation(internal.media.authorizePublish, args);
    return mint(room, PUBLISHER_IDENTITY, "Reporter", {
      room,
      roomJoin: true,
      canPublish: true,
      canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
      canSubscribe: true,
      canPublishData: true,
    });
  },
});

/**
 * A subscribe-only LiveKit token for anyone the site's audience policy admits. Its identity is
 * per viewing session (see lib/viewerIdentity.ts): pass the same `session` on refresh to keep it.
 */
export const viewToken = action({
  args: functions["media:viewToken"].args,
  returns: functions["media:viewToken"].returns,
  handler: async (ctx, { alertId, viewerId, displayName, session }): Promise<TokenResult> => {
    checkViewerId(viewerId);
    if (session !== undefined) checkViewerSession(session);
    const { room, name, role } = await ctx.runMutation(internal.media.authorizeView, { alertId, viewerId });
    // The default name says what the caller is: a viewer is never shown as a responder.
    const fallback = role === "responder" ? "Responder" : "Viewer";
    const shown = cleanDisplayName(displayName ?? stripBidi(name ?? undefined), fallback);
    return mint(room, await viewerIdentity(viewerId, session), shown, {
      room,
      roomJoin: true,
      // Explicit false: LiveKit treats an absent canPublish as allowed.
      canPublish: false,
      canSubscribe: true,
      canPublishData: false,
    });
  },
});
