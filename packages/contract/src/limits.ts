/**
 * Every limit shared by the backend, core and the elements. docs/contracts.md quotes this table
 * (scripts/contract-table.mjs writes it; a test fails when the two disagree).
 */
export const LIMITS = {
  /** Alert category: code points, after refusing control and bidi control characters. */
  categoryMaxChars: 60,
  /** Chat message, after trimming (UTF-16 code units, as `String.length` counts). */
  chatMaxChars: 500,
  /** Display name in chat and on the viewer list, after collapsing whitespace. */
  displayNameMaxChars: 40,
  /** Why an alert ended (`alerts:end`). */
  endReasonMaxChars: 200,
  /** Site slug: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
  siteMaxChars: 63,
  /** Viewer id (one per browser, chosen by the client). */
  viewerIdMaxChars: 64,
  /** Client request id of a press (`alerts:start`): high entropy, retried unchanged. */
  clientRequestIdMinChars: 16,
  clientRequestIdMaxChars: 128,
  /** Reported accuracy in metres; IP-based desktop fixes reach hundreds of kilometres. */
  accuracyMaxMetres: 20_000_000,
} as const;
