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
 * How core treats a failure, decided from codes and connection signals, never from message text
 * (a production Convex deployment redacts every message but a ConvexError's):
 * - `transient`: the request or its answer was lost (connection dropped, offline, fetch failed), or
 *   the backend asked to wait (`rate-limited`). Retry.
 * - `server`: the backend ran the function and it failed without a code (a bug, a version skew, a
 *   passing fault: production cannot tell them apart). Retry a little, then stop with the error.
 * - `permanent`: a deliberate refusal with a code (`alert/ended`, `auth/forbidden`...). Stop.
 */
export type ErrorClass = "transient" | "server" | "permanent";

const TRANSIENT_CODES = new Set<AlertRunErrorCode>(["network/unreachable", "rate-limited", "upload/failed"]);

/** The code ConvexConnection gives a backend failure that came with no ConvexError code. */
export const SERVER_ERROR_CODE = "backend/server-error" satisfies AlertRunErrorCode;

/** Retries a `server` failure gets before a retry loop gives up (transient ones retry on). */
export const SERVER_ERROR_RETRIES = 2;

export function classifyError(error: unknown): ErrorClass {
  if (error instanceof AlertRunError) {
    if (TRANSIENT_CODES.has(error.code)) return "transient";
    return error.code === SERVER_ERROR_CODE ? "server" : "permanent";
  }
  const data = convexErrorData(error);
  if (data) return data.code === "rate-limited" ? "transient" : "permanent";
  // Backend calls reach here already classified by ConvexConnection (from its connection
  // state); anything else comes from a transport (livekit-client, fetch), so try again.
  return "transient";
}

/** Whether an error is worth retrying without limit (see ErrorClass). */
export function isTransient(error: unknown): boolean {
  return classifyError(error) === "transient";
}

/** Whether an error is a deliberate refusal that no retry will change. */
export function isPermanent(error: unknown): boolean {
  return classifyError(error) === "permanent";
}

/** The default retry policy: transient failures always, server failures SERVER_ERROR_RETRIES times. */
export function shouldRetry(error: unknown, attempt: number): boolean {
  const kind = classifyError(error);
  return kind === "transient" || (kind === "server" && attempt < SERVER_ERROR_RETRIES);
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
  return new AlertRunError(fallback, message, error);
}
