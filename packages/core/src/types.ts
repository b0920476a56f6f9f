/** Shapes shared with the backend (docs/contracts.md). */

export type AckKind = "seen" | "on_my_way" | "called_emergency_services";
export const ACK_KINDS: readonly AckKind[] = ["seen", "on_my_way", "called_emergency_services"];

export interface AlertLocation {
  lat: number;
  lng: number;
  accuracy: number;
  heading: number | null;
  at: number;
}

export interface AlertSummary {
  alertId: string;
  site: string;
  category: string | null;
  status: "active" | "ended";
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
  location: AlertLocation | null;
  acks: { seen: number; on_my_way: number; called_emergency_services: number };
  viewerCount: number;
  streamStatus: "pending" | "live" | "ended";
  /**
   * Which path the broadcaster's media takes: "sfu" (the media server) or "direct" (peer
   * connections to responders, because the media server is unreachable).
   */
  mediaPath: "sfu" | "direct";
  /** Whether the reporter's page is still sending its heartbeat (false ~25 s after it stops). */
  reporterOnline: boolean;
  /** While the reporter is offline, their last heartbeat (ms epoch): "Reporter offline for 0:42". */
  reporterLastSeenAt: number | null;
}

/**
 * Who wrote a chat message. `responder` is only ever set by the backend for a caller with the
 * responder role; `viewer` is anyone else the site lets chat (shown as a viewer, never as a
 * responder).
 */
export type ChatAuthor = "reporter" | "responder" | "viewer";

export interface ChatMessage {
  messageId: string;
  alertId: string;
  author: ChatAuthor;
  displayName: string;
  text: string;
  sentAt: number;
}

export type TrailPoint = AlertLocation;

export interface SiteConfig {
  site: string;
  name: string;
  audience: "public" | "signed-in" | "responders";
  allowAnonymous: boolean;
  retentionDays: number;
}

/**
 * What the caller may do on a site (`sites:access`). Elements hide the actions that are not
 * allowed; the backend refuses them regardless.
 */
export interface SiteAccess {
  role: "responder" | "viewer";
  canWatch: boolean;
  canChat: boolean;
  canAcknowledge: boolean;
}

export interface MediaToken {
  url: string;
  token: string;
  expiresAt: number;
  room: string;
  identity: string;
}

export interface ClipInfo {
  clipId: string;
  seq: number;
  startedAt: number;
  durationMs: number;
  mimeType: string;
  url: string | null;
}
