import { isTransient } from "../errors.js";
import type { MediaToken } from "../types.js";
import { backoffDelay } from "../util/backoff.js";
import { devWarn } from "../util/dev.js";
import { TOKEN_REFRESH_AT } from "./publish-settings.js";

/** Media tokens may state expiry in seconds or milliseconds; normalise to ms. */
export function expiryMs(token: MediaToken): number {
  return token.expiresAt < 1e12 ? token.expiresAt * 1000 : token.expiresAt;
}

/** When to fetch the next token: at TOKEN_REFRESH_AT of its remaining lifetime, at least 5 s on. */
export function refreshDelayMs(token: MediaToken, nowMs: number): number {
  const remaining = expiryMs(token) - nowMs;
  return Math.max(5_000, Math.floor(remaining * TOKEN_REFRESH_AT));
}

/**
 * Keeps a fresh LiveKit token at hand. livekit-client re-joins after a network change with the
 * token it connected with; once that one has expired, a re-join is refused. Holding a token that is
 * always valid lets a full reconnect (see Publisher/Viewer) succeed at any time during a long
 * incident.
 */
export class TokenRefresher {
  private current: MediaToken | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private failures = 0;

  constructor(private readonly fetchToken: () => Promise<MediaToken>) {}

  /** The first token (fetched now) — later ones follow on a timer. */
  async start(): Promise<MediaToken> {
    const token = await this.fetchToken();
    this.accept(token);
    return token;
  }

  /** The freshest token; fetches one if the held token is about to expire. */
  async fresh(): Promise<MediaToken> {
    if (this.current && expiryMs(this.current) - Date.now() > 10_000) return this.current;
    const token = await this.fetchToken();
    this.accept(token);
    return token;
  }

  private accept(token: MediaToken): void {
    this.current = token;
    this.failures = 0;
    this.schedule(refreshDelayMs(token, Date.now()));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    try {
      this.accept(await this.fetchToken());
    } catch (error) {
      if (!isTransient(error)) {
        devWarn("media token refresh refused", error);
        return;
      }
      this.schedule(backoffDelay(this.failures++, { baseMs: 1_000, maxMs: 15_000 }));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
