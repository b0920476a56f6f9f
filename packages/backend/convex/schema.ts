import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

// Shared literal sets (who may watch, acknowledgement kinds, stream status, media path) are part of
// the contract; the schema stores exactly what the functions accept and return.
import { ackKind, audience, mediaPath, streamStatus } from "@alertrun/contract";
export { ackKind, audience, mediaPath, streamStatus };

export default defineSchema({
  /** A venue or tenant. `slug` is the public `site` string used by the elements. */
  sites: defineTable({
    slug: v.string(),
    name: v.string(),
    audience,
    allowAnonymous: v.boolean(),
    retentionDays: v.number(),
    /** Overrides ALERTRUN_SILENCE_TIMEOUT_SEC for this site. */
    silenceTimeoutSec: v.optional(v.number()),
    /** Viewers (not responders) may chat, labelled as viewers. Default false. */
    viewerChat: v.optional(v.boolean()),
    /** Overrides ALERTRUN_MAX_LIFETIME_SEC for this site: no alert of the site outlives it. */
    maxLifetimeSec: v.optional(v.number()),
  }).index("by_slug", ["slug"]),

  /** Explicit responder membership, for identity providers that cannot add a `role` claim. */
  responders: defineTable({
    site: v.string(),
    tokenIdentifier: v.string(),
  }).index("by_site_token", ["site", "tokenIdentifier"]),

  /**
   * One emergency. Counts, latest location and usage are denormalised here so `alerts:active`
   * reads one document per active alert.
   */
  alerts: defineTable({
    site: v.string(),
    /** Keyed hash of the press's clientRequestId (lib/ownerKey.ts `requestHash`); never the id itself. */
    requestHash: v.string(),
    /** SHA-256 (hex) of the owner key; the key itself is never stored. */
    ownerKeyHash: v.string(),
    /** Convex auth `tokenIdentifier` of a signed-in reporter, if any. */
    ownerToken: v.optional(v.string()),
    category: v.optional(v.string()),
    status: v.union(v.literal("active"), v.literal("ended")),
    startedAt: v.number(),
    endedAt: v.optional(v.number()),
    endReason: v.optional(v.string()),
    /** Unguessable LiveKit room name (not derived from the alert id). */
    room: v.string(),
    streamStatus,
    location: v.optional(
      v.object({
        lat: v.number(),
        lng: v.number(),
        accuracy: v.number(),
        heading: v.optional(v.number()),
        at: v.number(),
      }),
    ),
    acks: v.object({ seen: v.number(), on_my_way: v.number(), called_emergency_services: v.number() }),
    /** Viewers with an unexpired presence heartbeat. */
    presenceViewers: v.number(),
    /** Subscribers connected to the LiveKit room, from webhooks. */
    roomViewers: v.number(),
    /** Last sign of life from the broadcaster, and when the alert counts as abandoned. */
    lastSeenAt: v.number(),
    staleAt: v.number(),
    /**
     * Usage, in milliseconds: LiveKit connection time from webhooks, and heartbeat watch time of
     * presence rows already swept (live rows keep their own `watchedMs`, so a heartbeat does not
     * rewrite the alert and re-run every dashboard's query).
     */
    publisherMs: v.number(),
    viewerMs: v.number(),
    presenceMs: v.number(),
    /** Set once the retention cron has deleted this alert's locations, clips and chat. */
    purged: v.boolean(),
    /** 0 bare start, 1 the reporter acted since, 2 media reached the SFU or signed in (lib/engagement.ts). */
    engagement: v.number(),
    /** How the broadcaster's media travels (issue 16); absent means "sfu". See directSignals.ts. */
    mediaPath: v.optional(mediaPath),
    /**
     * The reporter's page connection (see convex/heartbeat.ts). Written only when it changes
     * (beats live in `reporterBeats`), so a heartbeat does not re-run every dashboard's query.
     * `reporterLastSeenAt` is the last beat before going offline, or when the page came back.
     */
    reporterOffline: v.optional(v.boolean()),
    reporterLastSeenAt: v.optional(v.number()),
    /** When the sweep asked LiveKit's room service about this room (see convex/reconcile.ts). */
    reconcileAskedAt: v.optional(v.number()),
  })
    .index("by_site_status_startedAt", ["site", "status", "startedAt"])
    .index("by_site_status_engagement_startedAt", ["site", "status", "engagement", "startedAt"])
    .index("by_site_request", ["site", "requestHash"])
    .index("by_room", ["room"])
    .index("by_status_staleAt", ["status", "staleAt"])
    .index("by_site_purged_endedAt", ["site", "purged", "endedAt"]),

  /** Location track history (retention-limited). */
  locations: defineTable({
    alertId: v.id("alerts"),
    lat: v.number(),
    lng: v.number(),
    accuracy: v.number(),
    heading: v.optional(v.number()),
    at: v.number(),
  }).index("by_alert_at", ["alertId", "at"]),

  acks: defineTable({
    alertId: v.id("alerts"),
    /** `u:<tokenIdentifier>` for signed-in viewers, else `a:<viewerId>`. */
    viewerKey: v.string(),
    kind: ackKind,
    at: v.number(),
  }).index("by_alert_viewer_kind", ["alertId", "viewerKey", "kind"]),

  presence: defineTable({
    alertId: v.id("alerts"),
    viewerKey: v.string(),
    joinedAt: v.number(),
    lastSeenAt: v.number(),
    expiresAt: v.number(),
    /** Watch time accrued by this viewer; folded into the alert's presenceMs when the row goes. */
    watchedMs: v.number(),
  })
    .index("by_alert_viewer", ["alertId", "viewerKey"])
    .index("by_alert_expiresAt", ["alertId", "expiresAt"])
    .index("by_expiresAt", ["expiresAt"]),

  messages: defineTable({
    alertId: v.id("alerts"),
    author: v.union(v.literal("reporter"), v.literal("responder"), v.literal("viewer")),
    displayName: v.string(),
    text: v.string(),
    sentAt: v.number(),
  }).index("by_alert_sentAt", ["alertId", "sentAt"]),

  clips: defineTable({
    alertId: v.id("alerts"),
    storageId: v.id("_storage"),
    seq: v.number(),
    startedAt: v.number(),
    durationMs: v.number(),
    mimeType: v.string(),
  })
    .index("by_alert_seq", ["alertId", "seq"])
    .index("by_storage", ["storageId"]),

  /**
   * Upload URLs handed to an alert's owner, each good for one attached clip. A clip can only be
   * attached by spending an unused slot of its own alert (see clips.ts).
   */
  uploads: defineTable({
    alertId: v.id("alerts"),
    issuedAt: v.number(),
    /** Set when a clip is attached through this slot. */
    storageId: v.optional(v.id("_storage")),
  })
    .index("by_alert_storage_issuedAt", ["alertId", "storageId", "issuedAt"])
    .index("by_issuedAt", ["issuedAt"]),

  /** Where the cron that deletes never-attached uploads left off (one row). */
  storageSweep: defineTable({ after: v.number() }),

  /**
   * LiveKit participants seen through webhooks, for connection-time accounting and liveness.
   * Keyed by LiveKit's participant `sid` (one row per connection), so a late `participant_left`
   * of an old connection cannot close a newer one.
   */
  participants: defineTable({
    alertId: v.id("alerts"),
    identity: v.string(),
    /** LiveKit participant sid; absent only on rows written before sids were kept. */
    sid: v.optional(v.string()),
    role: v.union(v.literal("publisher"), v.literal("viewer")),
    joinedAt: v.number(),
    /** undefined while connected. */
    leftAt: v.optional(v.number()),
  })
    .index("by_alert_identity", ["alertId", "identity"])
    .index("by_alert_sid", ["alertId", "sid"]),

  /**
   * The reporter page's heartbeat, one row per alert, rewritten on each beat instead of the alert
   * (see convex/heartbeat.ts). `offline` is set by the sweep once beats stop.
   */
  reporterBeats: defineTable({
    alertId: v.id("alerts"),
    at: v.number(),
    offline: v.boolean(),
  })
    .index("by_alert", ["alertId"])
    .index("by_offline_at", ["offline", "at"]),

  /** Webhook ids already applied (LiveKit retries deliveries). */
  webhookEvents: defineTable({ eventId: v.string(), at: v.number() })
    .index("by_eventId", ["eventId"])
    .index("by_at", ["at"]),

  /** Token buckets for rate limits (see lib/rateLimit.ts). */
  /**
   * A room held for one press while the button is still held (reservations.ts): the publisher
   * connects before the alert exists, and `alerts:start` for the same request adopts the room.
   * Media events that arrive before the alert are kept here and handed to it.
   */
  reservations: defineTable({
    site: v.string(),
    /** The same keyed hash of the clientRequestId the alert will carry. */
    requestHash: v.string(),
    room: v.string(),
    createdAt: v.number(),
    /** After this an unadopted reservation is refused and never adopted. */
    expiresAt: v.number(),
    /** Publish tokens minted for it (bounded by RESERVE_TOKENS_PER_PRESS). */
    tokens: v.number(),
    adopted: v.boolean(),
    publisherJoinedAt: v.optional(v.number()),
    trackPublishedAt: v.optional(v.number()),
  })
    .index("by_site_request", ["site", "requestHash"])
    .index("by_room", ["room"])
    .index("by_expiresAt", ["expiresAt"]),

  rateLimits: defineTable({ key: v.string(), tokens: v.number(), updatedAt: v.number() })
    .index("by_key", ["key"])
    .index("by_updatedAt", ["updatedAt"]),

  /**
   * Direct-path signalling (issue 16): one row per responder asking the broadcaster for a peer
   * connection while the media server is unreachable. Short-lived (expiresAt), readable and
   * writable only by the alert's owner and responders; see directSignals.ts.
   */
  directPeers: defineTable({
    alertId: v.id("alerts"),
    /** Random id of the responder's viewing session (several tabs of one responder are several peers). */
    peerId: v.string(),
    /** `u:<tokenIdentifier>` of the responder who asked; only they may read or answer the row. */
    viewerKey: v.string(),
    /** Bumped by each (re)request; offers and answers name the attempt they belong to. */
    attempt: v.number(),
    status: v.union(v.literal("requested"), v.literal("offered"), v.literal("answered"), v.literal("full")),
    /** SDP with its ICE candidates gathered in (no trickle), JSON `{type, sdp}`. */
    offer: v.optional(v.string()),
    answer: v.optional(v.string()),
    updatedAt: v.number(),
    expiresAt: v.number(),
  })
    .index("by_alert_peer", ["alertId", "peerId"])
    .index("by_expiresAt", ["expiresAt"]),
});
