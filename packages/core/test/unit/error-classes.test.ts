// Core decides what to retry from ConvexError codes and the connection's own signals, never from
// message text: a production deployment sends every other failure as "[Request ID: …] Server Error".
import { describe, expect, it } from "vitest";
import { classifyBackendFailure } from "../../src/backend/failure.js";
import { AlertRunError, classifyError, isPermanent, isTransient, shouldRetry } from "../../src/errors.js";
import { retry } from "../../src/util/backoff.js";

const redacted = (): Error => new Error("[Request ID: 0123456789abcdef] Server Error");
const convexError = (code: string): Error => Object.assign(new Error("ignored"), { data: { code, message: code } });
const up = { connectionCount: 1, isWebSocketConnected: true };

describe("classifyBackendFailure", () => {
  it("a redacted failure on a steady connection is the server's (retried a little, then stops)", () => {
    const e = classifyBackendFailure(redacted(), up, up, true);
    expect((e as AlertRunError).code).toBe("backend/server-error");
    expect(classifyError(e)).toBe("server");
    expect([0, 1, 2].map((attempt) => shouldRetry(e, attempt))).toEqual([true, true, false]);
  });

  it("the same text during a reconnect, a dropped socket or offline is a lost connection", () => {
    for (const [after, online] of [
      [{ connectionCount: 2, isWebSocketConnected: true }, true],
      [{ connectionCount: 1, isWebSocketConnected: false }, true],
      [up, false],
    ] as const) {
      const e = classifyBackendFailure(redacted(), up, after, online);
      expect((e as AlertRunError).code).toBe("network/unreachable");
      expect(isTransient(e)).toBe(true);
    }
  });

  it("message text never decides: a development message that looks like a bug is still classified by signals", () => {
    const dev = new Error("[Request ID: 1] Server Error\nUncaught Error: boom");
    expect(classifyError(classifyBackendFailure(dev, up, { connectionCount: 2, isWebSocketConnected: true }, true))).toBe("transient");
    const lost = new Error("Connection lost while action was in flight");
    expect(classifyError(classifyBackendFailure(lost, up, up, true))).toBe("server");
  });

  it("ConvexError codes pass through: refusals are permanent, rate limiting transient", () => {
    expect(classifyBackendFailure(convexError("alert/ended"), up, up, true)).toMatchObject({ data: { code: "alert/ended" } });
    expect(isPermanent(convexError("alert/ended"))).toBe(true);
    expect(isPermanent(convexError("auth/forbidden"))).toBe(true);
    expect(isTransient(convexError("rate-limited"))).toBe(true);
  });
});

describe("retry under production errors", () => {
  const noSleep = async (): Promise<void> => undefined;

  it("stops at once on a coded refusal", async () => {
    let calls = 0;
    const error = await retry(
      async () => {
        calls++;
        throw convexError("auth/forbidden");
      },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ data: { code: "auth/forbidden" } });
  });

  it("gives up on a server failure after SERVER_ERROR_RETRIES retries", async () => {
    let calls = 0;
    const error = await retry(
      async () => {
        calls++;
        throw classifyBackendFailure(redacted(), up, up, true);
      },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect((error as AlertRunError).code).toBe("backend/server-error");
  });

  it("keeps retrying a lost connection until it succeeds", async () => {
    let calls = 0;
    const value = await retry(
      async () => {
        calls++;
        if (calls < 8) throw classifyBackendFailure(redacted(), up, { connectionCount: 1 + calls, isWebSocketConnected: true }, true);
        return "ok";
      },
      { sleep: noSleep },
    );
    expect(value).toBe("ok");
    expect(calls).toBe(8);
  });
});
