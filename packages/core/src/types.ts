/**
 * Shapes shared with the backend (docs/contracts.md). They are defined once, in
 * @alertrun/contract, as the validators the backend declares as `returns:`; core re-exports them.
 */
export { ACK_KINDS } from "@alertrun/contract";
export type {
  AckKind,
  AlertLocation,
  AlertSummary,
  ChatAuthor,
  ChatMessage,
  ClipInfo,
  MediaToken,
  SiteAccess,
  SiteConfig,
  TrailPoint,
} from "@alertrun/contract";
