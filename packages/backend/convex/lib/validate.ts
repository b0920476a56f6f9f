/**
 * Checks that Convex validators cannot express (lengths, ranges, character sets). Validators
 * reject wrong types before a function runs; these reject wrong values with `args/invalid` (or
 * `chat/invalid-message`). The rules themselves live in @alertrun/contract, which core and the
 * elements use too, so every level refuses the same inputs with the same words.
 */
import {
  bidiProblem,
  categoryProblem,
  clientRequestIdProblem,
  cleanDisplayName as clean,
  displayNameProblem,
  endReasonProblem,
  positionProblem,
  siteProblem,
  viewerIdProblem,
  type Position,
  type Problem,
} from "@alertrun/contract";
import { fail } from "./errors";

export { stripBidi } from "@alertrun/contract";

/** Throws the contract's problem, if any, as a ConvexError with its stable code. */
export function enforce(problem: Problem | null): void {
  if (problem) fail(problem.code, problem.message);
}

/** Refuses bidi control characters in a displayed text field with `args/invalid`. */
export function checkNoBidi(field: string, text: string): void {
  enforce(bidiProblem(field, text));
}

export const checkSite = (site: string): void => enforce(siteProblem(site));
export const checkClientRequestId = (id: string): void => enforce(clientRequestIdProblem(id));
export const checkViewerId = (id: string): void => enforce(viewerIdProblem(id));
export const checkCategory = (category: string): void => enforce(categoryProblem(category));
export const checkReason = (reason: string): void => enforce(endReasonProblem(reason));
export const checkPosition = (p: Position): void => enforce(positionProblem(p));

export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) fail("args/invalid", `limit must be 1-${max}.`);
  return limit;
}

/** Cleans a display name by the contract's rule (collapsed whitespace, trimmed); falls back when empty. */
export function cleanDisplayName(name: string | undefined, fallback: string): string {
  const shown = clean(name ?? "");
  enforce(displayNameProblem(shown));
  return shown || fallback;
}
