/**
 * Every failure core reports is an `AlertRunError` with a stable `code` (documented in
 * docs/core.md); elements show the message and fire `alert-error` with the code.
 */
export type AlertRunErrorCode =
  | "config/missing-convex-url"
  | "config/invalid-url"
  | "config/missing-site"
  | "config/invalid-site"
  | "args/invalid"
  | "network/unreachable"
  | "backend/rejected"
  | "media/permission-denied"
  | "media/unavailable"
  | "media/connect-failed"
  | "media/load-failed"
  | "alert/not-found"
  | "alert/ended"
  | "alert/wrong-site"
  | "alert/start-failed"
  | "auth/forbidden"
  | "rate-limited"
  | "chat/invalid-message"
  | "upload/failed"
  | "client/closed"
  | `backend/${string}`;

export class AlertRunError extends Error {
  override readonly name = "AlertRunError";
  readonly code: AlertRunErrorCode;
  override readonly cause?: unknown;

  constructor(code: AlertRunErrorCode, message: string, cause?: unknown) {
    super(message);
    this.code = code;
    if (cause !== undefined) this.cause = cause;
  }
}

/** Backend codes that keep their own name in core because hosts branch on them. */
const SPECIFIC_BACKEND_CODES = new Set<string>([
  "alert/not-found",
  "alert/ended",
  "auth/forbidden",
  "rate-limited",
  "chat/invalid-message",
  // The contract's value rules (@alertrun/contract): core refuses the same inputs before sending,
  // with the same code, so a caller sees one code whichever side refused.
  "args/invalid",
]);

/** The `data` of a ConvexError as our backend throws it: `{ code, message }`. */
export function convexErrorData(error: unknown): { code: string; message: string } | null {
  if (typeof error !== "object" || error === null) return null;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return null;
  const code = (data as { code?: unknown }).code;
  if (typeof code !== "string" || code === "") return null;
  const message = (data as { message?: unknown }).message;
  return { code, message: typeof message === "string" ? message : code };
}

/**
 * Whether an error is worth retrying: anything that is not a deliberate backend refusal.
 * ConvexErrors carry a code and mean "no" (except rate limiting); other errors from the Convex
 * client (a connection lost while an action was in flight, a transient server error) and fetch
 * failures are transport problems.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof AlertRunError) {
    return error.code === "network/unreachable" || error.code === "rate-limited" || error.code === "upload/failed";
  }
  const data = convexErrorData(error);
  if (data) return data.code === "rate-limited";
  const message = error instanceof Error ? error.message : String(error);
  // A Convex function that threw a plain Error reaches the client as "[Request ID: …] Server Error
  // Uncaught Error: …": a bug or a refusal, not a transport problem.
  return !/Uncaught|ArgumentValidationError|Could not find public function/i.test(message);
}

/** Converts anything thrown into an AlertRunError with a stable code. */
export function toAlertRunError(error: unknown, fallback: AlertRunErrorCode = "backend/rejected"): AlertRunError {
  if (error instanceof AlertRunError) return error;
  const data = convexErrorData(error);
  if (data) {
    const code = SPECIFIC_BACKEND_CODES.has(data.code) ? (data.code as AlertRunErrorCode) : (`backend/${data.code}` as const);
    return new AlertRunError(code, data.message, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DOMException || (error instanceof Error && /^(NotAllowed|Permission|NotFound|NotReadable|Overconstrained)/.test(error.name))) {
    const name = (error as Error).name;
    if (name === "NotAllowedError" || name === "PermissionDeniedError" || name === "SecurityError") {
      return new AlertRunError("media/permission-denied", message, error);
    }
    if (name === "NotFoundError" || name === "NotReadableError" || name === "OverconstrainedError") {
      return new AlertRunError("media/unavailable", message, error);
    }
  }
  if (error instanceof TypeError && /fetch|network|Failed/i.test(message)) {
    return new AlertRunError("network/unreachable", message, error);
  }
  return new AlertRunError(fallback, message, error);
}
