/**
 * @alertrun/core — the framework-free client of AlertRun: alert sessions (broadcasting),
 * viewer sessions (watching), feeds, as small observable stores. No DOM rendering, no Lit.
 * `convex/browser` and `livekit-client` are loaded on demand with dynamic `import()`.
 */
export { AlertRunClient, type AlertRunClientOptions, type AlertHold } from "./client.js";
export { HOLD_MARKS } from "./broadcast/press-hold.js";
export { prefetchBackend, type ConnectionState } from "./backend/convex-connection.js";
export { prefetchMedia } from "./media/prefetch.js";
export type { AlertSession, StartAlertOptions, MediaState } from "./broadcast/alert-session.js";
export type { BroadcastStateName } from "./broadcast/broadcast-machine.js";
export { BROADCAST_TRANSITIONS } from "./broadcast/broadcast-machine.js";
export type { LocationState } from "./broadcast/location-reporter.js";
export type { RecordingState } from "./broadcast/clip-uploader.js";
export type { ViewerSession, WatchOptions } from "./viewer/viewer-session.js";
export type { ViewerStateName } from "./viewer/viewer-machine.js";
export { VIEWER_TRANSITIONS } from "./viewer/viewer-machine.js";
export type { Quality } from "./media/subscriber.js";
export type { MediaPath } from "./direct/media-path-policy.js";
export type { DirectFallbackOptions } from "./direct/direct-fallback.js";
export type { DeviceStatus } from "./media/capture.js";
export type { PublishConnection } from "./media/publisher.js";
export { AlertRunError, classifyError, type AlertRunErrorCode, type ErrorClass } from "./errors.js";
export { writable, derived, readonly, when, type Store, type WritableStore } from "./util/store.js";
export type { Loadable, DisposableStore } from "./util/loadable.js";
export type { Trails } from "./feeds/trails.js";
export type { MachineState } from "./util/state-machine.js";
export { ACK_KINDS } from "./types.js";
export type { AckKind, AlertSummary, AlertLocation, ChatAuthor, ChatMessage, SiteAccess, SiteConfig, TrailPoint, ClipInfo } from "./types.js";
