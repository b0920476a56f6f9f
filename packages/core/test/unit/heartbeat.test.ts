// The reporter's heartbeat: beats on its interval, keeps beating through transient failures, stops
// on a refusal, on "not active", and on stop().
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConvexConnection } from "../../src/backend/convex-connection.js";
import { Heartbeat } from "../../src/broadcast/heartbeat.js";
import { AlertRunError } from "../../src/errors.js";

afterEach(() => vi.useRealTimers());

const owner = { alertId: "a1", ownerKey: "k".repeat(43) };
function backend(answer: (n: number) => Promise<unknown>) {
  let n = 0;
  const mutation = vi.fn((name: string, args: Record<string, unknown>) => {
    expect(name).toBe("heartbeat:beat");
    expect(args).toEqual(owner);
    return answer(++n);
  });
  return { mutation, connection: { mutation } as unknown as ConvexConnection };
}

describe("Heartbeat", () => {
  it("beats at once and then every interval until stopped", async () => {
    vi.useFakeTimers();
    const { mutation, connection } = backend(async () => ({ active: true, intervalMs: 10_000 }));
    const beat = new Heartbeat(connection, owner);
    beat.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(mutation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(mutation).toHaveBeenCalledTimes(4);
    beat.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(mutation).toHaveBeenCalledTimes(4);
  });

  it("keeps beating, sooner, while the connection is lost", async () => {
    vi.useFakeTimers();
    const { mutation, connection } = backend(async (n) => {
      if (n <= 3) throw new AlertRunError("network/unreachable", "down");
      return { active: true, intervalMs: 10_000 };
    });
    const beat = new Heartbeat(connection, owner);
    beat.start();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(mutation.mock.calls.length).toBeGreaterThanOrEqual(4);
    beat.stop();
  });

  it("stops on a refusal and when the alert is no longer active", async () => {
    vi.useFakeTimers();
    const refused = backend(async () => {
      throw Object.assign(new Error("x"), { data: { code: "auth/forbidden", message: "no" } });
    });
    new Heartbeat(refused.connection, owner).start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refused.mutation).toHaveBeenCalledTimes(1);

    const over = backend(async () => ({ active: false, intervalMs: 10_000 }));
    const onInactive = vi.fn();
    new Heartbeat(over.connection, owner, onInactive).start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(over.mutation).toHaveBeenCalledTimes(1);
    expect(onInactive).toHaveBeenCalledTimes(1);
  });
});
