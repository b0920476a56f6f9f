import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConvexConnection } from "../../src/backend/convex-connection.js";
import { LocationReporter } from "../../src/broadcast/location-reporter.js";

// navigator.geolocation is the browser boundary here: the real one runs in the browser tests.
type Success = (p: GeolocationPosition) => void;
type Failure = (e: GeolocationPositionError) => void;
let success: Success | undefined;
let failure: Failure | undefined;
const cleared: number[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  cleared.length = 0;
  vi.stubGlobal("navigator", {
    geolocation: {
      watchPosition: (s: Success, f: Failure) => {
        success = s;
        failure = f;
        return 7;
      },
      clearWatch: (id: number) => cleared.push(id),
    },
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const fix = (lat: number, accuracy = 10): GeolocationPosition =>
  ({ coords: { latitude: lat, longitude: -74.006, accuracy, heading: null }, timestamp: Date.now() }) as unknown as GeolocationPosition;

function fakeBackend() {
  const calls: Record<string, unknown>[] = [];
  const backend = { mutation: vi.fn(async (_name: string, args: Record<string, unknown>) => void calls.push(args)) };
  return { backend: backend as unknown as ConvexConnection, calls, spy: backend.mutation };
}

describe("LocationReporter", () => {
  it("holds fixes until the alert exists, then sends the newest", async () => {
    const { backend, calls, spy } = fakeBackend();
    const reporter = new LocationReporter(backend);
    reporter.start();
    success?.(fix(40.7128));
    success?.(fix(40.713));
    expect(reporter.state.get().status).toBe("watching");
    expect(spy).not.toHaveBeenCalled();
    reporter.attach({ alertId: "a1", ownerKey: "k" });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([{ alertId: "a1", ownerKey: "k", lat: 40.713, lng: -74.006, accuracy: 10 }]);
    expect(spy.mock.calls[0]?.[0]).toBe("locations:update");
  });

  it("sends at most one update per 2 s however fast the device moves, and the last one lands", async () => {
    const { backend, calls } = fakeBackend();
    const reporter = new LocationReporter(backend);
    reporter.start();
    reporter.attach({ alertId: "a1", ownerKey: "k" });
    let lat = 40.7128;
    for (let i = 0; i < 40; i++) {
      lat += 0.0001; // ~11 m per fix, a fix every 250 ms: 10 s of running
      success?.(fix(lat));
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.length).toBeLessThanOrEqual(6);
    expect(calls.at(-1)?.lat).toBeCloseTo(lat, 9);
  });

  it("treats a denied permission as a state and stops cleanly", () => {
    const { backend } = fakeBackend();
    const reporter = new LocationReporter(backend);
    reporter.start();
    failure?.({ code: 1, message: "denied" } as GeolocationPositionError);
    expect(reporter.state.get()).toEqual({ status: "denied", last: null });
    reporter.stop();
    expect(cleared).toEqual([7]);
  });
});
