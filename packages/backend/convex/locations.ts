import { mutation, query } from "./_generated/server";
import { requireActive, requireAlert, requireOwner, requireReader } from "./lib/access";
import { now } from "./lib/clock";
import { LOCATION_MIN_INTERVAL_MS, LOCATION_UNCHANGED_INTERVAL_MS } from "./lib/config";
import { ENGAGED } from "./lib/engagement";
import { staleAtFor } from "./lib/liveness";
import { checkLimit, checkPosition } from "./lib/validate";
import { functions } from "@alertrun/contract";

/**
 * Moves an alert's location (owner only) and appends to its track. Points closer than
 * LOCATION_MIN_INTERVAL_MS, or unchanged within LOCATION_UNCHANGED_INTERVAL_MS, are not stored and
 * return `{accepted: false}`: the write rate is bounded without ever failing the caller.
 */
export const update = mutation({
  args: functions["locations:update"].args,
  returns: functions["locations:update"].returns,
  handler: async (ctx, { alertId, ownerKey, ...position }) => {
    checkPosition(position);
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    requireActive(alert);
    const t = now();
    const last = alert.location;
    if (last) {
      const since = t - last.at;
      const unchanged =
        last.lat === position.lat &&
        last.lng === position.lng &&
        last.accuracy === position.accuracy &&
        last.heading === position.heading;
      if (since < LOCATION_MIN_INTERVAL_MS || (unchanged && since < LOCATION_UNCHANGED_INTERVAL_MS)) {
        return { accepted: false };
      }
    }
    const point = { ...position, at: t };
    await ctx.db.insert("locations", { alertId: alert._id, ...point });
    await ctx.db.patch(alert._id, {
      location: point,
      lastSeenAt: t,
      staleAt: await staleAtFor(ctx, alert.site, t),
      engagement: Math.max(alert.engagement, ENGAGED.acted),
    });
    return { accepted: true };
  },
});

/** The most recent `limit` points of an alert's track, oldest first. */
export const trail = query({
  args: functions["locations:trail"].args,
  returns: functions["locations:trail"].returns,
  handler: async (ctx, { alertId, limit, ownerKey }) => {
    const n = checkLimit(limit, 200, 1000);
    const alert = await requireAlert(ctx, alertId);
    await requireReader(ctx, alert, ownerKey);
    const points = await ctx.db
      .query("locations")
      .withIndex("by_alert_at", (q) => q.eq("alertId", alert._id))
      .order("desc")
      .take(n);
    return points.reverse().map((p) => ({
      lat: p.lat,
      lng: p.lng,
      accuracy: p.accuracy,
      heading: p.heading ?? null,
      at: p.at,
    }));
  },
});
