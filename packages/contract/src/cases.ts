/**
 * The contract's examples: valid and invalid inputs for every shared rule. The backend (through
 * its real functions), core (its client refuses before sending) and the elements (attributes) all
 * run this one table, so a rule cannot drift at one level without a test failing.
 */
import { LIMITS } from "./limits-table.js";
import type { Position } from "./rules.js";

export interface RuleCase<T> {
  /** What the case shows, for the test's name. */
  name: string;
  input: T;
  valid: boolean;
}

const many = (n: number, ch = "a"): string => ch.repeat(n);

export const CATEGORY_CASES: readonly RuleCase<string>[] = [
  { name: "one character", input: "a", valid: true },
  { name: `${LIMITS.categoryMaxChars} characters`, input: many(LIMITS.categoryMaxChars), valid: true },
  { name: "any script", input: "طبي — 医疗 médical", valid: true },
  { name: "astral characters count once", input: many(LIMITS.categoryMaxChars, "🚑"), valid: true },
  { name: `${LIMITS.categoryMaxChars + 1} characters`, input: many(LIMITS.categoryMaxChars + 1), valid: false },
  { name: "empty", input: "", valid: false },
  { name: "blank", input: "   ", valid: false },
  { name: "a control character", input: "fire\nalarm", valid: false },
  { name: "a bidi override", input: "fire\u202Eeralf", valid: false },
];

export const CHAT_TEXT_CASES: readonly RuleCase<string>[] = [
  { name: "one character", input: "?", valid: true },
  { name: `${LIMITS.chatMaxChars} characters`, input: many(LIMITS.chatMaxChars), valid: true },
  { name: "surrounding space is trimmed first", input: `  ${many(LIMITS.chatMaxChars)}  `, valid: true },
  { name: `${LIMITS.chatMaxChars + 1} characters`, input: many(LIMITS.chatMaxChars + 1), valid: false },
  { name: "empty", input: "", valid: false },
  { name: "blank", input: " \n ", valid: false },
  { name: "a bidi isolate", input: "help \u2067me", valid: false },
];

export const DISPLAY_NAME_CASES: readonly RuleCase<string>[] = [
  { name: `${LIMITS.displayNameMaxChars} characters`, input: many(LIMITS.displayNameMaxChars), valid: true },
  { name: "runs of space collapse first", input: `Ana    ${many(LIMITS.displayNameMaxChars - 4)}`, valid: true },
  { name: `${LIMITS.displayNameMaxChars + 1} characters`, input: many(LIMITS.displayNameMaxChars + 1), valid: false },
  { name: "a bidi mark", input: "Campus\u200FPolice", valid: false },
];

export const SITE_CASES: readonly RuleCase<string>[] = [
  { name: "a slug", input: "north-campus_2", valid: true },
  { name: `${LIMITS.siteMaxChars} characters`, input: many(LIMITS.siteMaxChars), valid: true },
  { name: `${LIMITS.siteMaxChars + 1} characters`, input: many(LIMITS.siteMaxChars + 1), valid: false },
  { name: "capitals", input: "Campus", valid: false },
  { name: "a leading dash", input: "-campus", valid: false },
  { name: "a space", input: "north campus", valid: false },
];

export const VIEWER_ID_CASES: readonly RuleCase<string>[] = [
  { name: "a generated id", input: "v_2Jf.x:9-q", valid: true },
  { name: `${LIMITS.viewerIdMaxChars} characters`, input: many(LIMITS.viewerIdMaxChars), valid: true },
  { name: `${LIMITS.viewerIdMaxChars + 1} characters`, input: many(LIMITS.viewerIdMaxChars + 1), valid: false },
  { name: "empty", input: "", valid: false },
  { name: "a slash", input: "a/b", valid: false },
];

export const CLIENT_REQUEST_ID_CASES: readonly RuleCase<string>[] = [
  { name: `${LIMITS.clientRequestIdMinChars} characters`, input: many(LIMITS.clientRequestIdMinChars), valid: true },
  { name: `${LIMITS.clientRequestIdMaxChars} characters`, input: many(LIMITS.clientRequestIdMaxChars), valid: true },
  { name: `${LIMITS.clientRequestIdMinChars - 1} characters`, input: many(LIMITS.clientRequestIdMinChars - 1), valid: false },
  { name: `${LIMITS.clientRequestIdMaxChars + 1} characters`, input: many(LIMITS.clientRequestIdMaxChars + 1), valid: false },
  { name: "a dot", input: `${many(LIMITS.clientRequestIdMinChars)}.`, valid: false },
];

export const END_REASON_CASES: readonly RuleCase<string>[] = [
  { name: "a word", input: "resolved", valid: true },
  { name: `${LIMITS.endReasonMaxChars} characters`, input: many(LIMITS.endReasonMaxChars), valid: true },
  { name: `${LIMITS.endReasonMaxChars + 1} characters`, input: many(LIMITS.endReasonMaxChars + 1), valid: false },
  { name: "empty", input: "", valid: false },
  { name: "a bidi embedding", input: "\u202Bresolved", valid: false },
];

const at = { lat: 40.7128, lng: -74.006, accuracy: 10 };
export const POSITION_CASES: readonly RuleCase<Position>[] = [
  { name: "a fix", input: at, valid: true },
  { name: "the poles and the date line", input: { lat: -90, lng: 180, accuracy: 0 }, valid: true },
  { name: "an IP-based fix", input: { ...at, accuracy: LIMITS.accuracyMaxMetres }, valid: true },
  { name: "a heading", input: { ...at, heading: 359.9 }, valid: true },
  { name: "lat beyond 90", input: { ...at, lat: 90.5 }, valid: false },
  { name: "lng beyond 180", input: { ...at, lng: -180.5 }, valid: false },
  { name: "a negative accuracy", input: { ...at, accuracy: -1 }, valid: false },
  { name: "an accuracy beyond the earth", input: { ...at, accuracy: LIMITS.accuracyMaxMetres + 1 }, valid: false },
  { name: "a heading of 360", input: { ...at, heading: 360 }, valid: false },
];
