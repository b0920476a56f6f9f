/**
 * Every public backend function: its kind, its arguments and its result, as Convex validators.
 * The backend builds its functions from these (`args`, `returns`), and core calls them through
 * `FunctionReference`s typed from the same validators (./references.ts), so renaming an argument
 * or reshaping a result here fails the type check of both sides, not a browser test.
 */
import { v, type GenericValidator, type PropertyValidators } from "convex/values";
import {
  ackKind,
  alertSummary,
  chatMessage,
  clipInfo,
  directConfig,
  directPeerStatus,
  alertLocation,
  mediaPath,
  mediaToken,
  siteAccess,
  siteConfig,
} from "./shapes.js";

export type FunctionKind = "query" | "mutation" | "action";

export interface FunctionSpec<K extends FunctionKind = FunctionKind, A extends PropertyValidators = PropertyValidators, R extends GenericValidator = GenericValidator> {
  kind: K;
  args: A;
  returns: R;
}

const spec = <K extends FunctionKind, A extends PropertyValidators, R extends GenericValidator>(kind: K, args: A, returns: R): FunctionSpec<K, A, R> => ({
  kind,
  args,
  returns,
});

/** The owner of an alert: its id, plus the owner key an anonymous reporter holds. */
const owner = { alertId: v.string(), ownerKey: v.optional(v.string()) };
const peer = { alertId: v.string(), peerId: v.string() };

export const functions = {
  "alerts:start": spec(
    "mutation",
    {
      site: v.string(),
      clientRequestId: v.string(),
      category: v.optional(v.string()),
      location: v.optional(v.object({ lat: v.number(), lng: v.number(), accuracy: v.number() })),
    },
    v.object({ alertId: v.string(), ownerKey: v.string() }),
  ),
  "alerts:end": spec("mutation", { ...owner, reason: v.string() }, v.null()),
  "alerts:active": spec("query", { site: v.string() }, v.array(alertSummary)),
  "alerts:get": spec("query", { ...owner, site: v.optional(v.string()) }, v.union(alertSummary, v.null())),

  "acks:add": spec("mutation", { alertId: v.string(), viewerId: v.string(), kind: ackKind }, v.object({ added: v.boolean() })),

  "clips:generateUploadUrl": spec("mutation", owner, v.string()),
  "clips:attach": spec(
    "mutation",
    { ...owner, storageId: v.string(), seq: v.number(), startedAt: v.number(), durationMs: v.number(), mimeType: v.string() },
    v.object({ clipId: v.string() }),
  ),
  "clips:list": spec("query", owner, v.array(clipInfo)),

  "directSignals:setMediaPath": spec("mutation", { ...owner, path: mediaPath }, v.null()),
  "directSignals:forReporter": spec(
    "query",
    owner,
    v.object({
      ...directConfig,
      peers: v.array(v.object({ peerId: v.string(), attempt: v.number(), status: directPeerStatus, answer: v.union(v.string(), v.null()) })),
    }),
  ),
  "directSignals:forViewer": spec(
    "query",
    peer,
    v.object({
      ...directConfig,
      peer: v.union(v.null(), v.object({ attempt: v.number(), status: directPeerStatus, offer: v.union(v.string(), v.null()) })),
    }),
  ),
  "directSignals:request": spec("mutation", peer, v.object({ attempt: v.number() })),
  "directSignals:renew": spec("mutation", peer, v.boolean()),
  "directSignals:answer": spec("mutation", { ...peer, attempt: v.number(), sdp: v.string() }, v.boolean()),
  "directSignals:leave": spec("mutation", peer, v.null()),
  "directSignals:offer": spec(
    "mutation",
    { ...owner, peerId: v.string(), attempt: v.number(), sdp: v.optional(v.string()), full: v.optional(v.boolean()) },
    v.boolean(),
  ),

  "locations:update": spec(
    "mutation",
    { ...owner, lat: v.number(), lng: v.number(), accuracy: v.number(), heading: v.optional(v.number()) },
    v.object({ accepted: v.boolean() }),
  ),
  "locations:trail": spec("query", { ...owner, limit: v.optional(v.number()) }, v.array(alertLocation)),

  "media:publishToken": spec("action", owner, mediaToken),
  "media:viewToken": spec(
    "action",
    // `session`: 16-64 url-safe characters naming this viewing session (one LiveKit identity per tab).
    { alertId: v.string(), viewerId: v.string(), displayName: v.optional(v.string()), session: v.optional(v.string()) },
    mediaToken,
  ),

  /** The reporter page's sign of life, every 10 s while live (convex/heartbeat.ts). */
  "heartbeat:beat": spec("mutation", owner, v.object({ active: v.boolean(), intervalMs: v.number() })),

  /** A room reserved for a press while the button is held (convex/reservations.ts). */
  "reservations:reserve": spec("action", { site: v.string(), clientRequestId: v.string() }, mediaToken),

  "messages:send": spec(
    "mutation",
    { ...owner, text: v.string(), viewerId: v.optional(v.string()), displayName: v.optional(v.string()) },
    v.object({ messageId: v.string() }),
  ),
  "messages:list": spec("query", { ...owner, limit: v.optional(v.number()) }, v.array(chatMessage)),

  "presence:heartbeat": spec("mutation", { alertId: v.string(), viewerId: v.string() }, v.object({ viewerCount: v.number() })),

  "sites:get": spec("query", { site: v.string() }, v.union(siteConfig, v.null())),
  "sites:access": spec("query", { site: v.string() }, siteAccess),
} as const;

export type Functions = typeof functions;
export type FunctionName = keyof Functions;
