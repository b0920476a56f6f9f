/**
 * Every limit shared by the backend, core and the elements. docs/contracts.md quotes this table
 * (scripts/contract-table.mjs writes it; a test fails when the two disagree).
 */
/** Alert category: code points, after refusing control and bidi control characters. */
export const CATEGORY_MAX_CHARS = 60;
/** Chat message, after trimming (UTF-16 code units, as `String.length` counts). */
export const CHAT_MAX_CHARS = 500;
/** Site slug: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export const SITE_MAX_CHARS = 63;
