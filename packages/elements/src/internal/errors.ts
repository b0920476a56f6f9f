import type { AlertErrorDetail } from "../events.js";
import type { LocalizeController } from "./i18n/localize-controller.js";

/**
 * Codes the elements raise themselves (everything else comes from `@alertrun/core`'s
 * `AlertRunError.code`). Stable: integrators switch on them; listed in docs/elements.md.
 */
export type ElementErrorCode =
  | "config/missing-convex-url"
  | "config/invalid-url"
  | "config/missing-site"
  | "config/invalid-site"
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

/**
 * The text shown in place for a failure: the catalog's message for the code (`error.<code>`,
 * translated, overridable), falling back to the raw message.
 */
export function friendlyMessage(detail: AlertErrorDetail, l: LocalizeController): string {
  return l.maybe(`error.${detail.code}`, { detail: detail.message }) ?? detail.message;
}
