import type { ConvexConnection } from "../backend/convex-connection.js";
import { isTransient } from "../errors.js";
import type { TrailPoint } from "../types.js";
import { devWarn } from "../util/dev.js";
import { writable, type Store } from "../util/store.js";
import type { Owner } from "./clip-uploader.js";
import { LocationThrottle } from "./location-throttle.js";

export interface LocationState {
  status: "pending" | "watching" | "denied" | "unavailable" | "off";
  last: TrailPoint | null;
}

/**
 * Follows the device's position with `watchPosition` and sends it through `locations:update`,
 * bounded by LocationThrottle. The first fix is available before the alert exists (it can go into
 * `alerts:start`); updates start once the alert id is known. A denied permission is a state, not
 * a failure: the alert goes on without location.
 */
export class LocationReporter {
  private readonly store = writable<LocationState>({ status: "pending", last: null });
  readonly state: Store<LocationState> = this.store;
  private readonly throttle = new LocationThrottle();
  private watchId: number | null = null;
  private owner: Owner | null = null;
  private deferred: ReturnType<typeof setTimeout> | null = null;
  private latest: TrailPoint | null = null;
  private stopped = false;
  private sending = false;

  constructor(private readonly backend: ConvexConnection) {}

  start(): void {
    const geo = typeof navigator !== "undefined" ? navigator.geolocation : undefined;
    if (!geo) {
      this.store.set({ status: "unavailable", last: null });
      return;
    }
    try {
      this.watchId = geo.watchPosition(
        (position) => this.onPosition(position),
        (error) => this.onError(error),
        { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 },
      );
    } catch (error) {
      devWarn("watchPosition threw", error);
      this.store.set({ status: "unavailable", last: null });
    }
  }

  /** Called once the alert exists: from now on positions are sent. */
  attach(owner: Owner): void {
    this.owner = owner;
    if (this.latest) this.consider(this.latest);
  }

  private onPosition(position: GeolocationPosition): void {
    if (this.stopped) return;
    const c = position.coords;
    const point: TrailPoint = {
      lat: c.latitude,
      lng: c.longitude,
      accuracy: c.accuracy,
      heading: typeof c.heading === "number" && !Number.isNaN(c.heading) ? c.heading : null,
      at: position.timestamp || Date.now(),
    };
    this.latest = point;
    this.store.set({ status: "watching", last: point });
    this.consider(point);
  }

  private onError(error: GeolocationPositionError): void {
    if (this.stopped) return;
    // PERMISSION_DENIED = 1; POSITION_UNAVAILABLE = 2; TIMEOUT = 3 (the watch keeps trying).
    if (error.code === 1) this.store.set({ status: "denied", last: this.store.get().last });
    else if (error.code === 2 && !this.store.get().last) this.store.set({ status: "unavailable", last: null });
  }

  private consider(point: TrailPoint): void {
    if (!this.owner || this.stopped) return;
    const now = Date.now();
    const decision = this.throttle.offer(point, now);
    if (decision.action === "drop") return;
    if (decision.action === "defer") {
      // Keep only the newest pending point; it is reconsidered when the interval has passed.
      if (!this.deferred) {
        this.deferred = setTimeout(() => {
          this.deferred = null;
          if (this.latest) this.consider(this.latest);
        }, decision.atMs - now);
      }
      return;
    }
    void this.send(point, now);
  }

  private async send(point: TrailPoint, now: number): Promise<void> {
    const owner = this.owner;
    if (!owner || this.sending) return;
    this.sending = true;
    this.throttle.markSent(point, now);
    try {
      await this.backend.mutation("locations:update", {
        ...owner,
        lat: point.lat,
        lng: point.lng,
        accuracy: point.accuracy,
        ...(point.heading === null ? {} : { heading: point.heading }),
      });
    } catch (error) {
      // A lost update is superseded by the next fix; only log.
      if (!isTransient(error)) devWarn("locations:update refused", error);
    } finally {
      this.sending = false;
    }
  }

  /** The newest fix, if any (for `alerts:start`). */
  current(): TrailPoint | null {
    return this.latest;
  }

  stop(): void {
    this.stopped = true;
    if (this.deferred) clearTimeout(this.deferred);
    if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
    const last = this.store.get().last;
    if (this.store.get().status === "watching" || this.store.get().status === "pending") this.store.set({ status: "off", last });
  }
}
