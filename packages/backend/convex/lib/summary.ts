import type { Doc } from "../_generated/dataModel";

/** The `AlertSummary` shape of docs/contracts.md. */
export type AlertSummary = {
  alertId: string;
  site: string;
  category: string | null;
  status: "active" | "ended";
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
  location: { lat: number; lng: number; accuracy: number; heading: number | null; at: number } | null;
  acks: { seen: number; on_my_way: number; called_emergency_services: number };
  viewerCount: number;
  streamStatus: "pending" | "live" | "ended";
  /** Which path the broadcaster's media takes (issue 16): the media server, or direct to responders. */
  mediaPath: "sfu" | "direct";
  /** Whether the reporter's page is still beating (false once beats stop for 25 s). */
  reporterOnline: boolean;
  /** While offline: the last beat, so a dashboard can show "Reporter offline for 0:42". */
  reporterLastSeenAt: number | null;
};

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
