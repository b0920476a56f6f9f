import type { AlertSummary } from "@alertrun/contract";
import type { Doc } from "../_generated/dataModel";

/** The `AlertSummary` shape of docs/contracts.md, defined once in @alertrun/contract. */
export type { AlertSummary };

export function toSummary(alert: Doc<"alerts">): AlertSummary {
  const loc = alert.location;
  return {
    alertId: alert._id,
    site: alert.site,
    category: alert.category ?? null,
    status: alert.status,
    startedAt: alert.startedAt,
    endedAt: alert.endedAt ?? null,
    endReason: alert.endReason ?? null,
    location: loc ? { lat: loc.lat, lng: loc.lng, accuracy: loc.accuracy, heading: loc.heading ?? null, at: loc.at } : null,
    acks: { ...alert.acks },
    // Heartbeats count viewers who watch without media (map, feed); webhooks count media
    // subscribers who may not heartbeat. Either alone undercounts, so report the larger.
    viewerCount: alert.status === "active" ? Math.max(alert.presenceViewers, alert.roomViewers) : 0,
    streamStatus: alert.streamStatus,
    mediaPath: alert.mediaPath ?? "sfu",
    reporterOnline: alert.status === "active" && alert.reporterOffline !== true,
    reporterLastSeenAt: alert.reporterLastSeenAt ?? alert.lastSeenAt,
  };
}
