import { afterEach, describe, expect, it, vi } from "vitest";
import { AlertRunError } from "../../src/errors.js";
import { ConnectLoop, retryAfterMs, retryDelay } from "../../src/media/connect-loop.js";
import { TokenRefresher } from "../../src/media/token-refresher.js";
import type { MediaToken } from "../../src/types.js";

afterEach(() => vi.useRealTimers());

/** What ConvexConnection rejects with when the backend's rate limit refuses (a ConvexError). */
const rateLimited = (retryAfter: number) =>
  Object.assign(new Error("Too many requests"), { name: "ConvexError", data: { code: "rate-limited", message: "Too many requests; try again shortly.", retryAfterMs: retryAfter } });

const token: MediaToken = { url: "ws://sfu", token: "t", room: "r", identity: "viewer", expiresAt: Date.now() + 600_000 };

describe("retryAfterMs", () => {
  it("reads the backend's wait from a ConvexError, or through an AlertRunError wrapping one", () => {
    expect(retryAfterMs(rateLimited(1234))).toBe(1234);
    expect(retryAfterMs(new AlertRunError("rate-limited", "x", rateLimited(99)))).toBe(99);
    expect(retryAfterMs(new Error("socket closed"))).toBe(null);
    expect(retryAfterMs({ data: { retryAfterMs: "soon" } })).toBe(null);
    expect(retryAfterMs(null)).toBe(null);
  });

  it("a retry waits what the backend asked, at most a fifth more; otherwise backoff", () => {
    expect(retryDelay(rateLimited(3_000), 0, () => 0)).toBeGreaterThanOrEqual(3_000);
    expect(retryDelay(rateLimited(3_000), 0, () => 1)).toBeLessThanOrEqual(3_620);
    expect(retryDelay(rateLimited(10_000_000), 0, () => 0)).toBe(60_000);
    expect(retryDelay(new Error("socket closed"), 0, () => 0)).toBe(500);
  });
});

describe("ConnectLoop", () => {
  it("retries a rate-limited join when the backend's bucket has refilled, not before and not seconds after", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const fetchToken = vi.fn(async () => {
      calls++;
      if (calls === 1) throw rateLimited(3_000);
      return token;
    });
    const attempt = vi.fn(async () => undefined);
    const loop = new ConnectLoop({
      refresher: new TokenRefresher(fetchToken),
      attempt,
      setConnection: () => undefined,
      isStopped: () => false,
      signal: new AbortController().signal,
      onError: () => undefined,
      what: "test join",
    });
    const done = loop.start();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(fetchToken).toHaveBeenCalledTimes(1); // exponential backoff would have retried at ≤ 500 ms
    await vi.advanceTimersByTimeAsync(3_700 - 2_900);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    await done;
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
