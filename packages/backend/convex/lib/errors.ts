import { ConvexError } from "convex/values";

/**
 * Stable error codes carried in `ConvexError.data.code`. Clients branch on these, so never rename
 * one; the list (with meanings) is in docs/backend.md.
 */
export type ErrorCode =
  | "args/invalid"
  | "site/not-found"
  | "alert/not-found"
  | "alert/ended"
  | "auth/required"
  | "auth/forbidden"
  | "rate-limited"
  | "chat/invalid-message"
  | "clip/invalid"
  | "config/missing"
  | "reservation/closed";

export type ErrorData = { code: ErrorCode; message: string; retryAfterMs?: number };

export function fail(code: ErrorCode, message: string, extra?: { retryAfterMs: number }): never {
  const data: ErrorData = extra ? { code, message, ...extra } : { code, message };
  throw new ConvexError(data);
}
