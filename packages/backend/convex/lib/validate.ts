/**
 * Checks that Convex validators cannot express (lengths, ranges, character sets). Validators
 * reject wrong types before a function runs; these reject wrong values with `args/invalid`.
 */
import { fail } from "./errors";

/** High-entropy client request ids: 16-128 url-safe characters (e.g. a base64url UUID). */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9_-]{16,128}$/;
const VIEWER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Free-form but displayable: 1-60 characters, no control characters. */
const CATEGORY = /^[^\p{Cc}]{1,60}$/u;
const SITE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Bidirectional control characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM):
 * they let a stranger make text render as something else ("Campus Police" reversed into a name,
 * a category that reads backwards), so no displayed field accepts them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/**
 * Removes bidi control characters from a name the caller did not type here (an identity
 * provider's `name` claim), so a bad claim cannot lock a person out of watching.
 */
export function stripBidi(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.replace(new RegExp(BIDI_CONTROLS.source, "g"), "");
}

/** Refuses bidi control characters in a displayed text field with `args/invalid`. */
export function checkNoBidi(field: string, text: string): void {
  if (BIDI_CONTROLS.test(text)) fail("args/invalid", `${field} must not contain bidirectional control characters.`);
}

export function checkSite(site: string): void {
  if (!SITE.test(site)) fail("args/invalid", "site must be 1-63 lowercase letters, digits, - or _.");
}

export function checkClientRequestId(id: string): void {
  if (!CLIENT_REQUEST_ID.test(id)) {
    fail("args/invalid", "clientRequestId must be 16-128 characters of A-Z a-z 0-9 _ -.");
  }
}

export function checkViewerId(id: string): void {
  if (!VIEWER_ID.test(id)) fail("args/invalid", "viewerId must be 1-64 characters of A-Z a-z 0-9 _ . : -.");
}

export function checkCategory(category: string): void {
  if (!CATEGORY.test(category) || category.trim() === "") {
    fail("args/invalid", "category must be 1-60 characters without control characters.");
  }
  checkNoBidi("category", category);
}

export function checkReason(reason: string): void {
  if (reason.length < 1 || reason.length > 200) fail("args/invalid", "reason must be 1-200 characters.");
  checkNoBidi("reason", reason);
}

export function checkPosition(p: { lat: number; lng: number; accuracy: number; heading?: number }): void {
  const finite = [p.lat, p.lng, p.accuracy].every(Number.isFinite);
  if (!finite || p.lat < -90 || p.lat > 90 || p.lng < -180 || p.lng > 180) {
    fail("args/invalid", "lat must be within ±90 and lng within ±180.");
  }
  // Desktop browsers report IP-based fixes with accuracies of hundreds of kilometres: accept them
  // (a coarse location beats none), refuse only impossible values.
  if (p.accuracy < 0 || p.accuracy > 20_000_000) fail("args/invalid", "accuracy must be 0-20000000 metres.");
  if (p.heading !== undefined && (!Number.isFinite(p.heading) || p.heading < 0 || p.heading >= 360)) {
    fail("args/invalid", "heading must be within [0, 360).");
  }
}

export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) fail("args/invalid", `limit must be 1-${max}.`);
  return limit;
}

/** Trims and bounds a display name; falls back when empty. */
export function cleanDisplayName(name: string | undefined, fallback: string, max: number): string {
  const trimmed = (name ?? "").replace(/\s+/g, " ").trim();
  checkNoBidi("displayName", trimmed);
  if (trimmed.length > max) fail("args/invalid", `displayName must be at most ${max} characters.`);
  return trimmed || fallback;
}
