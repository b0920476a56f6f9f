import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenRefresher } from "../../src/media/token-refresher.js";
import type { MediaToken } from "../../src/types.js";

afterEach(() => vi.useRealTimers());

const token = (n: number, ttlMs: number): MediaToken => ({ url: "ws://sfu", token: `t${n}`, room: "r", identity: "reporter", expiresAt: Date.now() + ttlMs });

describe("TokenRefresher", () => {
  it("fetches a new token before the current one expires", async () => {
    vi.useFakeTimers();
    let n = 0;
    const fetchToken = vi.fn(async () => token(++n, 600_000));
    const refresher = new TokenRefresher(fetchToken);
    expect((await refresher.start()).token).toBe("t1");
    await vi.advanceTimersByTimeAsync(449_000);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000); // 75 % of 600 s
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect((await refresher.fresh()).token).toBe("t2");
    refresher.stop();
    await vi.advanceTimersByTimeAsync(10_000_000);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it("retries a failed refresh with backoff and keeps the old token meanwhile", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const fetchToken = vi.fn(async () => {
      calls++;
      if (calls === 2 || calls === 3) throw new Error("Connection lost while action was in flight");
      return token(calls, 60_000);
    });
    const refresher = new TokenRefresher(fetchToken);
    await refresher.start();
    await vi.advanceTimersByTimeAsync(45_000); // refresh #1 fails
    expect(calls).toBe(2);
    expect((await refresher.fresh()).token).toBe("t1");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toBeGreaterThanOrEqual(4);
    expect((await refresher.fresh()).token).toBe("t4");
    refresher.stop();
  });

  it("fetches at once when the held token is about to expire", async () => {
    let n = 0;
    const refresher = new TokenRefresher(async () => token(++n, 5_000));
    await refresher.start();
    expect((await refresher.fresh()).token).toBe("t2");
    refresher.stop();
  });
});
