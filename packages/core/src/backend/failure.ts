import { AlertRunError, convexErrorData, SERVER_ERROR_CODE } from "../errors.js";

/** The parts of convex/browser's connection state that say whether a request's answer was lost. */
export interface ConnectionSnapshot {
  connectionCount: number;
  isWebSocketConnected: boolean;
}

/**
 * Classifies a failed backend call from the connection's own signals, never from its message
 * (production deployments redact messages): a ConvexError keeps its code; a failure while the
 * socket reconnected, was down, or the browser was offline is `network/unreachable` (transient);
 * anything else is the function failing on the server, `backend/server-error`.
 */
export function classifyBackendFailure(error: unknown, before: ConnectionSnapshot, after: ConnectionSnapshot, online: boolean): unknown {
  if (error instanceof AlertRunError || convexErrorData(error)) return error;
  const lost = !online || !after.isWebSocketConnected || after.connectionCount !== before.connectionCount;
  if (lost) return new AlertRunError("network/unreachable", "The connection to the alert service was lost during the request.", error);
  return new AlertRunError(SERVER_ERROR_CODE, "The alert service could not process the request.", error);
}
