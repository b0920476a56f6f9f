import type { AlertErrorDetail } from "../events.js";

/**
 * Codes the elements raise themselves (everything else comes from `@alertrun/core`'s
 * `AlertRunError.code`). Stable: integrators switch on them; listed in docs/elements.md.
 */
export type ElementErrorCode =
  | "config/missing-convex-url"
  | "config/invalid-url"
  | "config/missing-site"
  | "config/unknown-site"
  | "config/invalid-attribute"
  | "element/unexpected";

/**
 * Where a failure came from. Configuration is re-checked on every update and the backend
 * connection is followed, so those clear themselves; runtime failures wait for the person.
 */
export type FailureSource = "config" | "network" | "runtime";

export interface Failure extends AlertErrorDetail {
  source: FailureSource;
}

/** Turns anything thrown (an `AlertRunError`, a DOMException, a string) into `{code, message}`. */
export function toErrorDetail(error: unknown, fallbackCode = "element/unexpected"): AlertErrorDetail {
  if (error && typeof error === "object") {
    const e = error as { code?: unknown; message?: unknown; name?: unknown };
    const code = typeof e.code === "string" && e.code ? e.code : fallbackCode;
    const message =
      typeof e.message === "string" && e.message ? e.message : String(e.name ?? "Unexpected error");
    return { code, message };
  }
  return { code: fallbackCode, message: typeof error === "string" ? error : "Unexpected error" };
}

/** Messages a person under stress can act on; keyed by code, falling back to the raw message. */
const FRIENDLY: Record<string, string> = {
  "config/missing-convex-url":
    "AlertRun is not configured: set convex-url (or wrap the element in <alert-provider>).",
  "config/missing-site": "AlertRun is not configured: set the site attribute.",
  "network/unreachable": "Cannot reach the alert service. Check your connection.",
  "media/permission-denied": "Camera or microphone access was blocked. Allow it in the browser to stream video.",
  "media/unavailable": "No camera or microphone is available.",
  "media/connect-failed": "The live video connection failed.",
  "alert/not-found": "This alert could not be found.",
  "alert/ended": "This alert has ended.",
  "alert/wrong-site": "This alert belongs to another site.",
  "auth/forbidden": "You are not allowed to do this on this site.",
  "rate-limited": "Too many requests. Please wait a moment.",
};

/** The text shown in place for a failure. */
export function friendlyMessage(detail: AlertErrorDetail): string {
  return FRIENDLY[detail.code] ?? detail.message;
}
