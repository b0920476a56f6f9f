import { shouldRetry } from "../errors.js";

export interface BackoffOptions {
  /** First delay in ms. */
  baseMs?: number;
  /** Upper bound of a single delay in ms. */
  maxMs?: number;
  /** Growth per attempt. */
  factor?: number;
  /** Fraction of the delay that is randomised, 0..1: spreads the retries of many phones apart. */
  jitter?: number;
}

const DEFAULTS: Required<BackoffOptions> = { baseMs: 250, maxMs: 8_000, factor: 2, jitter: 0.5 };

/** The delay before retry number `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs, maxMs, factor, jitter } = { ...DEFAULTS, ...options };
  const exponential = Math.min(maxMs, baseMs * factor ** Math.max(0, attempt));
  return Math.round(exponential * (1 - jitter * random()));
}

export interface RetryOptions extends BackoffOptions {
  /** Gives up after this many attempts (default: never while errors are transient). */
  maxAttempts?: number;
  /** Stops retrying (the pending wait resolves at once and the last error is thrown). */
  signal?: AbortSignal;
  /**
   * Which errors to retry (`attempt` is 0-based); the default (`shouldRetry`) retries transport
   * problems always, uncoded server failures twice, and backend refusals never.
   */
  retryIf?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, e.g. to show "waiting for network" in state. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Runs `fn` until it resolves, retrying transient failures with backoff. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { maxAttempts = Infinity, signal, retryIf = shouldRetry, onRetry, sleep = abortableSleep, random = Math.random } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt + 1 >= maxAttempts || signal?.aborted || !retryIf(error, attempt)) throw error;
      const delay = backoffDelay(attempt, options, random);
      onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
      if (signal?.aborted) throw error;
    }
  }
}

/** setTimeout as a promise that an AbortSignal cuts short (it resolves, it does not reject). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Rejects with `error()` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (reason: unknown) => {
        clearTimeout(timer);
        reject(reason);
      },
    );
  });
}
