import { describe, expect, it, vi } from "vitest";
import { AlertRunError, isTransient, toAlertRunError } from "../../src/errors.js";
import { abortableSleep, backoffDelay, retry } from "../../src/util/backoff.js";
import { randomId } from "../../src/util/ids.js";

describe("backoffDelay", () => {
  it("grows exponentially and is capped", () => {
    const noJitter = { jitter: 0 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, { baseMs: 100, ...noJitter }))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(20, { baseMs: 100, maxMs: 5_000, ...noJitter })).toBe(5_000);
  });

  it("jitters within [delay·(1−jitter), delay]", () => {
    expect(backoffDelay(2, { baseMs: 100, jitter: 0.5 }, () => 0)).toBe(400);
    expect(backoffDelay(2, { baseMs: 100, jitter: 0.5 }, () => 1)).toBe(200);
    expect(backoffDelay(2, { baseMs: 100, jitter: 0.5 }, () => 0.5)).toBe(300);
  });
});

describe("retry", () => {
  const noSleep = (): Promise<void> => Promise.resolve();

  it("retries transient failures until success", async () => {
    let calls = 0;
    const onRetry = vi.fn();
    const result = await retry(
      async () => {
        if (++calls < 3) throw new Error("Connection lost while action was in flight");
        return "ok";
      },
      { sleep: noSleep, onRetry },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it("does not retry a backend refusal (ConvexError with a code)", async () => {
    let calls = 0;
    const refusal = Object.assign(new Error("nope"), { data: { code: "site-not-found", message: "No such site" } });
    await expect(
      retry(
        async () => {
          calls++;
          throw refusal;
        },
        { sleep: noSleep },
      ),
    ).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it("stops after maxAttempts", async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new TypeError("Failed to fetch");
        },
        { sleep: noSleep, maxAttempts: 4 },
      ),
    ).rejects.toThrow("Failed to fetch");
    expect(calls).toBe(4);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          controller.abort();
          throw new Error("offline");
        },
        { signal: controller.signal, sleep: noSleep },
      ),
    ).rejects.toThrow("offline");
    expect(calls).toBe(1);
  });

  it("waits the backoff delays between attempts", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const promise = retry(
      async () => {
        if (++calls < 3) throw new Error("offline");
        return calls;
      },
      { baseMs: 1_000, jitter: 0 },
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(promise).resolves.toBe(3);
    vi.useRealTimers();
  });

  it("abortableSleep resolves early on abort", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("errors", () => {
  it("maps ConvexError data codes to backend/<code> or a specific code", () => {
    const convexError = (code: string): Error => Object.assign(new Error(code), { data: { code, message: `m:${code}` } });
    expect(toAlertRunError(convexError("site-not-found")).code).toBe("backend/site-not-found");
    expect(toAlertRunError(convexError("alert/ended")).code).toBe("alert/ended");
    expect(toAlertRunError(convexError("rate-limited")).code).toBe("rate-limited");
    expect(toAlertRunError(convexError("x")).message).toBe("m:x");
  });

  it("maps media failures by DOMException name", () => {
    expect(toAlertRunError(new DOMException("denied", "NotAllowedError")).code).toBe("media/permission-denied");
    expect(toAlertRunError(new DOMException("none", "NotFoundError")).code).toBe("media/unavailable");
  });

  it("keeps AlertRunErrors and classifies transience", () => {
    const e = new AlertRunError("network/unreachable", "down");
    expect(toAlertRunError(e)).toBe(e);
    expect(isTransient(e)).toBe(true);
    expect(isTransient(new AlertRunError("auth/forbidden", "no"))).toBe(false);
    expect(toAlertRunError(new TypeError("Failed to fetch"), "network/unreachable").code).toBe("network/unreachable");
  });

});

describe("randomId", () => {
  it("is base64url with ≥128 bits and does not repeat", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });
});
