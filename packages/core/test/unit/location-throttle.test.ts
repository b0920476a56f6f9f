import { describe, expect, it } from "vitest";
import { LocationThrottle, distanceMetres } from "../../src/broadcast/location-throttle.js";
import type { TrailPoint } from "../../src/types.js";

const at = (lat: number, lng: number, accuracy = 10): TrailPoint => ({ lat, lng, accuracy, heading: null, at: 0 });
// About 11 m per 0.0001° of latitude.
const NYC = at(40.7128, -74.006);

describe("distanceMetres", () => {
  it("measures short distances", () => {
    expect(distanceMetres(NYC, at(40.7129, -74.006))).toBeCloseTo(11.1, 0);
    expect(distanceMetres(NYC, NYC)).toBe(0);
  });
});

describe("LocationThrottle", () => {
  it("always sends the first fix", () => {
    expect(new LocationThrottle().offer(NYC, 0)).toEqual({ action: "send" });
  });

  it("drops fixes that neither moved nor improved", () => {
    const t = new LocationThrottle();
    t.markSent(NYC, 0);
    expect(t.offer(at(40.71281, -74.006), 10_000)).toEqual({ action: "drop", why: "unchanged" }); // ~1 m
  });

  it("sends real movement, but at most once per interval", () => {
    const t = new LocationThrottle({ minIntervalMs: 2_000 });
    t.markSent(NYC, 0);
    const moved = at(40.7129, -74.006);
    expect(t.offer(moved, 500)).toEqual({ action: "defer", atMs: 2_000 });
    expect(t.offer(moved, 2_000)).toEqual({ action: "send" });
  });

  it("sends an improved accuracy at the same place", () => {
    const t = new LocationThrottle();
    t.markSent(at(40.7128, -74.006, 50), 0);
    expect(t.offer(at(40.7128, -74.006, 45), 5_000).action).toBe("drop");
    expect(t.offer(at(40.7128, -74.006, 20), 5_000)).toEqual({ action: "send" });
  });

  it("sends a keep-alive when stationary for long", () => {
    const t = new LocationThrottle({ keepAliveMs: 30_000 });
    t.markSent(NYC, 0);
    expect(t.offer(NYC, 29_999).action).toBe("drop");
    expect(t.offer(NYC, 30_000)).toEqual({ action: "send" });
  });

  it("bounds the rate of a fast-moving stream of fixes", () => {
    const t = new LocationThrottle({ minIntervalMs: 2_000 });
    let sent = 0;
    for (let ms = 0; ms <= 60_000; ms += 250) {
      const point = at(40.7128 + ms * 1e-6, -74.006); // ~0.1 m/ms: always moving
      if (t.offer(point, ms).action === "send") {
        t.markSent(point, ms);
        sent++;
      }
    }
    expect(sent).toBeLessThanOrEqual(31);
    expect(sent).toBeGreaterThanOrEqual(29);
  });
});
