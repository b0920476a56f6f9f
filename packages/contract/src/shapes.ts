/**
 * The shapes that cross the wire (docs/contracts.md), as Convex validators: the backend declares
 * them as `returns:` (so Convex checks every answer), and their TypeScript types are what core
 * hands to the elements. One definition, no copies.
 */
import { v, type Infer } from "convex/values";

export const ackKind = v.union(v.literal("seen"), v.literal("on_my_way"), v.literal("called_emergency_services"));
export type AckKind = Infer<typeof ackKind>;

/** Who may watch a site's alerts. See docs/backend.md "Security model". */
export const audience = v.union(v.literal("public"), v.literal("signed-in"), v.literal("responders"));
export type Audience = Infer<typeof audience>;

/** "sfu": media through the media server; "direct": peer connections to responders. */
export const mediaPath = v.union(v.literal("sfu"), v.literal("direct"));
export type MediaPath = Infer<typeof mediaPath>;

export const streamStatus = v.union(v.literal("pending"), v.literal("live"), v.literal("ended"));

/** A position as the backend reports it (`heading` null when unknown, `at` in ms since epoch). */
export const alertLocation = v.object({
  lat: v.number(),
  lng: v.number(),
  accuracy: v.number(),
  heading: v.union(v.number(), v.null()),
  at: v.number(),
});
export type AlertLocation = Infer<typeof alertLocation>;
export type TrailPoint = AlertLocation;

/** One alert as lists, maps and viewers see it. */
export const alertSummary = v.object({
  alertId: v.string(),
  site: v.string(),
  category: v.union(v.string(), v.null()),
  status: v.union(v.literal("active"), v.literal("ended")),
  startedAt: v.number(),
  endedAt: v.union(v.number(), v.null()),
  endReason: v.union(v.string(), v.null()),
  location: v.union(alertLocation, v.null()),
  acks: v.object({ seen: v.number(), on_my_way: v.number(), called_emergency_services: v.number() }),
  viewerCount: v.number(),
  streamStatus,
  /** Which path the broadcaster's media takes: the media server, or direct to responders. */
  mediaPath,
  /** Whether the reporter's page is still sending its heartbeat (false ~25 s after it stops). */
  reporterOnline: v.boolean(),
  /** While the reporter is offline, their last heartbeat (ms epoch): "Reporter offline for 0:42". */
  reporterLastSeenAt: v.union(v.number(), v.null()),
});
export type AlertSummary = Infer<typeof alertSummary>;

/**
 * Who wrote a chat message. `responder` is only ever set by the backend for a caller with the
 * responder role; `viewer` is anyone else the site lets chat (shown as a viewer, never a responder).
 */
export const chatAuthor = v.union(v.literal("reporter"), v.literal("responder"), v.literal("viewer"));
export type ChatAuthor = Infer<typeof chatAuthor>;

export const chatMessage = v.object({
  messageId: v.string(),
  alertId: v.string(),
  author: chatAuthor,
  displayName: v.string(),
  text: v.string(),
  sentAt: v.number(),
});
export type ChatMessage = Infer<typeof chatMessage>;

/** A site's public configuration (`sites:get`). */
export const siteConfig = v.object({
  site: v.string(),
  name: v.string(),
  audience,
  allowAnonymous: v.boolean(),
  retentionDays: v.number(),
  viewerChat: v.boolean(),
});
export type SiteConfig = Infer<typeof siteConfig>;

/**
 * What the caller may do on a site (`sites:access`). Elements hide the actions that are not
 * allowed; the backend refuses them regardless.
 */
export const siteAccess = v.object({
  role: v.union(v.literal("responder"), v.literal("viewer")),
  canWatch: v.boolean(),
  canChat: v.boolean(),
  canAcknowledge: v.boolean(),
});
export type SiteAccess = Infer<typeof siteAccess>;

/** A media server token, minted by the backend with the narrowest grant. */
export const mediaToken = v.object({
  url: v.string(),
  token: v.string(),
  expiresAt: v.number(),
  room: v.string(),
  identity: v.string(),
});
export type MediaToken = Infer<typeof mediaToken>;

export const clipInfo = v.object({
  clipId: v.string(),
  seq: v.number(),
  startedAt: v.number(),
  durationMs: v.number(),
  mimeType: v.string(),
  url: v.union(v.string(), v.null()),
});
export type ClipInfo = Infer<typeof clipInfo>;

const iceServer = v.object({
  urls: v.union(v.string(), v.array(v.string())),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});
/** The peer-connection settings of the direct path (issue 16). */
export const directConfig = {
  iceServers: v.array(iceServer),
  iceTransportPolicy: v.union(v.literal("all"), v.literal("relay")),
};
export const directPeerStatus = v.union(v.literal("requested"), v.literal("offered"), v.literal("answered"), v.literal("full"));
