/**
 * The value rules of the contract: what a category, a chat message, a display name, a site, an id
 * or a position may be. Convex validators check types; these check values. Each rule returns the
 * problem (or null) instead of throwing, so the backend turns it into a `ConvexError`, core into an
 * `AlertRunError` and the elements into an error state, all with the same words.
 */
import { LIMITS } from "./limits-table.js";
import { bidiProblem, hasBidiControl, invalid, isText, problem, type Problem } from "./text-rules.js";

export { bidiProblem, categoryProblem, hasBidiControl, stripBidi, type Problem, type ProblemCode } from "./text-rules.js";
export { clientRequestIdProblem, siteProblem, viewerIdProblem } from "./id-rules.js";

/** Chat text as it is stored: trimmed. */
export function cleanChatText(text: string): string {
  return text.trim();
}

/** Chat text (after trimming): 1-500 characters (`chat/invalid-message`), no bidi controls (`args/invalid`). */
export function chatTextProblem(text: unknown): Problem | null {
  if (!isText(text)) return problem("chat/invalid-message", "text", "A message must be text.");
  const body = cleanChatText(text);
  if (body.length < 1 || body.length > LIMITS.chatMaxChars) {
    return problem("chat/invalid-message", "text", `Messages must be 1-${LIMITS.chatMaxChars} characters.`);
  }
  // A bidi control is a malformed argument rather than a bad message (the backend's code since v0).
  return bidiProblem("text", body);
}

/** A display name as it is stored: whitespace runs collapsed, trimmed. */
export function cleanDisplayName(name: string): string {
  return name.replace(/\s+/g, " ").trim();
}

/** Display name (after cleaning): at most 40 characters, no bidi controls; empty means "use the default". */
export function displayNameProblem(name: unknown): Problem | null {
  if (!isText(name)) return invalid("displayName", "displayName must be text.");
  const shown = cleanDisplayName(name);
  if (hasBidiControl(shown)) return invalid("displayName", "displayName must not contain bidirectional control characters.");
  if (shown.length > LIMITS.displayNameMaxChars) {
    return invalid("displayName", `displayName must be at most ${LIMITS.displayNameMaxChars} characters.`);
  }
  return null;
}

/** Why an alert ended: 1-200 characters, no bidi controls. */
export function endReasonProblem(reason: unknown): Problem | null {
  if (!isText(reason) || reason.length < 1 || reason.length > LIMITS.endReasonMaxChars) {
    return invalid("reason", `reason must be 1-${LIMITS.endReasonMaxChars} characters.`);
  }
  return bidiProblem("reason", reason);
}

export interface Position {
  lat: number;
  lng: number;
  accuracy: number;
  heading?: number;
}

/**
 * A position: lat within ±90, lng within ±180, accuracy 0-20 000 km (a coarse fix beats none; only
 * impossible values are refused), heading within [0, 360) when given.
 */
export function positionProblem(p: Position): Problem | null {
  const finite = [p.lat, p.lng, p.accuracy].every((n) => typeof n === "number" && Number.isFinite(n));
  if (!finite || p.lat < -90 || p.lat > 90 || p.lng < -180 || p.lng > 180) {
    return invalid("location", "lat must be within ±90 and lng within ±180.");
  }
  if (p.accuracy < 0 || p.accuracy > LIMITS.accuracyMaxMetres) {
    return invalid("location", `accuracy must be 0-${LIMITS.accuracyMaxMetres} metres.`);
  }
  if (p.heading !== undefined && (typeof p.heading !== "number" || !Number.isFinite(p.heading) || p.heading < 0 || p.heading >= 360)) {
    return invalid("location", "heading must be within [0, 360).");
  }
  return null;
}
