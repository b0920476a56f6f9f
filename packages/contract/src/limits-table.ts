/**
 * Every limit shared by the backend, core and the elements, as one table. docs/contracts.md quotes
 * it (scripts/contract-table.mjs writes it; a test fails when the two disagree). The limits the CDN
 * entry needs are single constants in ./limits.ts, so the entry does not carry this table.
 */
import { CATEGORY_MAX_CHARS, CHAT_MAX_CHARS, SITE_MAX_CHARS } from "./limits.js";

export const LIMITS = {
  categoryMaxChars: CATEGORY_MAX_CHARS,
  chatMaxChars: CHAT_MAX_CHARS,
  /** Display name in chat and on the viewer list, after collapsing whitespace. */
  displayNameMaxChars: 40,
  /** Why an alert ended (`alerts:end`). */
  endReasonMaxChars: 200,
  siteMaxChars: SITE_MAX_CHARS,
  /** Viewer id (one per browser, chosen by the client). */
  viewerIdMaxChars: 64,
  /** Client request id of a press (`alerts:start`): high entropy, retried unchanged. */
  clientRequestIdMinChars: 16,
  clientRequestIdMaxChars: 128,
  /** Reported accuracy in metres; IP-based desktop fixes reach hundreds of kilometres. */
  accuracyMaxMetres: 20_000_000,
} as const;
