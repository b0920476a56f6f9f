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
        await abortableSleep(backoffDelay(attempt, { baseMs: 500, maxMs: 10_000 }), o.signal);
      }
    }
  }
}
