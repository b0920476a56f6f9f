import { toAlertRunError, type AlertRunError } from "../errors.js";
import type { WritableStore } from "./store.js";

/**
 * The edge between core and the host page for methods the host calls (`sendMessage`,
 * `acknowledge`): the returned promise rejects with an AlertRunError for callers that await it,
 * but is already marked handled, so a caller that fires and forgets never causes an
 * "unhandled rejection" in the host page. The error also lands in `lastError`.
 */
export function boundary<T>(work: () => Promise<T>, lastError: WritableStore<AlertRunError | null>): Promise<T> {
  let promise: Promise<T>;
  try {
    promise = work();
  } catch (error) {
    promise = Promise.reject(error);
  }
  const mapped = promise.then(
    (value) => value,
    (error: unknown) => {
      const failure = toAlertRunError(error);
      lastError.set(failure);
      throw failure;
    },
  );
  mapped.catch(() => undefined);
  return mapped;
}
