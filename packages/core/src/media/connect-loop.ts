import { isTransient, toAlertRunError, type AlertRunError } from "../errors.js";
import type { MediaToken } from "../types.js";
import { abortableSleep, backoffDelay } from "../util/backoff.js";
import { devWarn } from "../util/dev.js";
import type { TokenRefresher } from "./token-refresher.js";

export interface ConnectLoopOptions {
  refresher: TokenRefresher;
  /** One attempt: join the room with this token (and publish, for a broadcaster). */
  attempt: (token: MediaToken) => Promise<void>;
  setConnection: (state: "connecting" | "reconnecting" | "disconnected") => void;
  isStopped: () => boolean;
  signal: AbortSignal;
  onError: (error: AlertRunError) => void;
  /** For the dev warning on each retried failure. */
  what: string;
}

/**
 * How long the backend asked the caller to wait (`rate-limited` refusals carry `retryAfterMs`: the
 * time until its bucket holds a token again), or `null` when it did not say. Looks through an
 * AlertRunError to the ConvexError it wraps. (Here, in the lazily loaded media chunk, rather than
 * in errors.ts, which the entry chunk carries.)
 */
export function retryAfterMs(error: unknown): number | null {
  for (let e: unknown = error, depth = 0; typeof e === "object" && e !== null && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const data = (e as { data?: unknown }).data;
    const wait = typeof data === "object" && data !== null ? (data as { retryAfterMs?: unknown }).retryAfterMs : undefined;
    if (typeof wait === "number" && Number.isFinite(wait) && wait >= 0) return wait;
  }
  return null;
}

/** Longest wait a `retryAfterMs` may impose on one retry. */
const MAX_SERVER_WAIT_MS = 60_000;

/**
 * The wait before retry `attempt` (0-based). When the backend said how long its rate limit needs
 * (`retryAfterMs`), that, plus up to a fifth more so many viewers do not return at one instant:
 * exponential backoff would overshoot it by seconds (a join waited 10 s for a bucket that refilled
 * in 3) or undershoot it and spend attempts on refusals. Otherwise exponential backoff.
 */
export function retryDelay(error: unknown, attempt: number, random: () => number = Math.random): number {
  const wait = retryAfterMs(error);
  if (wait !== null) return Math.min(MAX_SERVER_WAIT_MS, Math.ceil(wait * (1 + 0.2 * random())) + 20);
  return backoffDelay(attempt, { baseMs: 500, maxMs: 10_000 }, random);
}

/**
 * Joins a LiveKit room, retrying transient failures with backoff until stopped. Never rejects.
 * Single-flight: while a loop runs, later calls (a Disconnected event, say) join it instead of
 * starting a second loop whose room teardowns would abort the first one's attempts.
 */
export class ConnectLoop {
  private loop: Promise<void> | null = null;

  constructor(private readonly o: ConnectLoopOptions) {}

  get running(): boolean {
    return this.loop !== null;
  }

  start(rejoin = false): Promise<void> {
    this.loop ??= this.run(rejoin).finally(() => {
      this.loop = null;
    });
    return this.loop;
  }

  private async run(rejoin: boolean): Promise<void> {
    const o = this.o;
    for (let attempt = 0; !o.isStopped(); attempt++) {
      const first = attempt === 0 && !rejoin;
      o.setConnection(first ? "connecting" : "reconnecting");
      try {
        await o.attempt(first ? await o.refresher.start() : await o.refresher.fresh());
        return;
      } catch (error) {
        if (o.isStopped()) return;
        const failure = toAlertRunError(error, "media/connect-failed");
        if (!isTransient(error) && failure.code !== "media/connect-failed") {
          o.setConnection("disconnected");
          o.onError(failure);
          return;
        }
        devWarn(`${o.what} failed; retrying`, error);
        await abortableSleep(retryDelay(error, attempt), o.signal);
      }
    }
  }
}
