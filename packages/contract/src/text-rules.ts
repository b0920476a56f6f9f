/**
 * The rules a button needs before anything is sent (category, bidi controls) and the problem
 * helpers every rule shares. Kept apart from ./rules.ts so that the CDN entry, which carries the
 * button, does not also carry the rules only core and the backend use.
 */
import { CATEGORY_MAX_CHARS } from "./limits.js";

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
const BIDI_CONTROLS = /* @__PURE__ */ new RegExp(`[${BIDI_CONTROL_CLASS}]`, "u");
const BIDI_CONTROLS_ALL = /* @__PURE__ */ new RegExp(`[${BIDI_CONTROL_CLASS}]`, "gu");
const CONTROL = /\p{Cc}/u;

export const problem = (code: ProblemCode, field: string, message: string): Problem => ({ code, field, message });
export const invalid = (field: string, message: string): Problem => problem("args/invalid", field, message);
export const isText = (value: unknown): value is string => typeof value === "string";

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
  const message = `category must be 1-${CATEGORY_MAX_CHARS} characters, not blank, without control or bidi control characters.`;
  if (!isText(category)) return invalid("category", message);
  const length = [...category].length;
  if (length < 1 || length > CATEGORY_MAX_CHARS || category.trim() === "" || CONTROL.test(category)) {
    return invalid("category", message);
  }
  return hasBidiControl(category) ? invalid("category", message) : null;
}

