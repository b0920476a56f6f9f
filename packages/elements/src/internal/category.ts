/**
 * The category rule the backend enforces (packages/backend/convex/lib/validate.ts): 1-60
 * characters (code points), not blank, no control characters and no bidi controls (which could
 * make a category read as something else on a responder's screen). Any script is welcome:
 * `médical`, `طبي`, `医疗`.
 */
const CATEGORY = /^[^\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,60}$/u;

export function checkCategory(category: string): boolean {
  return CATEGORY.test(category) && category.trim() !== "";
}
