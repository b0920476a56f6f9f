/**
 * The value rules of the contract: what a category, a chat message, a display name, a site, an id
 * or a position may be. Convex validators check types; these check values. Each rule returns the
 * problem (or null) instead of throwing, so the backend turns it into a `ConvexError`, core into an
 * `AlertRunError` and the elements into an error state, all with the same words.
 */
import { LIMITS } from "./limits.js";

/** The stable code a refusal carries at every level (backend `data.code`, core, `alert-error`). */
export type ProblemCode = "args/invalid" | "chat/invalid-message";

export interface Problem {
  code: ProblemCode;
  /** The argument or attribute at fault (`category`, `text`, `site`, ...). */
  field: string;
  message: string;
}

/**
 * Bidirectional control characters (ALM, LRM, RLM, LRE-RLO, LRI-PDI): they let a stranger make text
 * render as something else ("Campus Police" reversed inside a name, a category that reads
 * backwards), so no displayed field accepts them.
 */
const BIDI_CONTROL_CLASS = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";
const BIDI_CONTROLS = new RegExp(`[${BIDI_CONTROL_CLASS}]`, "u");
const BIDI_CONTROLS_ALL = new RegExp(`[${BIDI_CONTROL_CLASS}]`, "gu");
const CONTROL = /\p{Cc}/u;
const SITE = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${LIMITS.siteMaxChars - 1}}$`);
const VIEWER_ID = new RegExp(`^[A-Za-z0-9_.:-]{1,${LIMITS.viewerIdMaxChars}}$`);
const CLIENT_REQUEST_ID = new RegExp(`^[A-Za-z0-9_-]{${LIMITS.clientRequestIdMinChars},${LIMITS.clientRequestIdMaxChars}}$`);

const problem = (code: ProblemCode, field: string, message: string): Problem => ({ code, field, message });
const invalid = (field: string, message: string): Problem => problem("args/invalid", field, message);
const isText = (value: unknown): value is string => typeof value === "string";

/** Whether `text` contains a bidi control character. */
export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROLS.test(text);
}

/**
 * Removes bidi control characters from a name the caller did not type here (an identity
 * provider's `name` claim), so a bad claim cannot lock a person out of watching.
 */
export function stripBidi(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.replace(BIDI_CONTROLS_ALL, "");
}

/** A displayed free-text field must carry no bidi controls. */
export function bidiProblem(field: string, text: string): Problem | null {
  return hasBidiControl(text) ? invalid(field, `${field} must not contain bidirectional control characters.`) : null;
}

/**
 * Category: 1-60 characters (code points) of any script (`médical`, `طبي`, `医疗`), not blank, no
 * control characters, no bidi controls.
 */
export function categoryProblem(category: unknown): Problem | null {
  const message = `category must be 1-${LIMITS.categoryMaxChars} characters, not blank, without control or bidi control characters.`;
  if (!isText(category)) return invalid("category", message);
  const length = [...category].length;
  if (length < 1 || length > LIMITS.categoryMaxChars || category.trim() === "" || CONTROL.test(category)) {
    return invalid("category", message);
  }
  return hasBidiControl(category) ? invalid("category", message) : null;
}

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

/** Site slug: 1-63 of a-z 0-9 _ -, starting with a letter or digit. */
export function siteProblem(site: unknown): Problem | null {
  return isText(site) && SITE.test(site) ? null : invalid("site", `site must be 1-${LIMITS.siteMaxChars} lowercase letters, digits, - or _.`);
}

/** Viewer id: 1-64 of A-Z a-z 0-9 _ . : - */
export function viewerIdProblem(id: unknown): Problem | null {
  return isText(id) && VIEWER_ID.test(id)
    ? null
    : invalid("viewerId", `viewerId must be 1-${LIMITS.viewerIdMaxChars} characters of A-Z a-z 0-9 _ . : -.`);
}

/** Client request id: 16-128 url-safe characters (e.g. a base64url UUID). */
export function clientRequestIdProblem(id: unknown): Problem | null {
  return isText(id) && CLIENT_REQUEST_ID.test(id)
    ? null
    : invalid(
        "clientRequestId",
        `clientRequestId must be ${LIMITS.clientRequestIdMinChars}-${LIMITS.clientRequestIdMaxChars} characters of A-Z a-z 0-9 _ -.`,
      );
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
