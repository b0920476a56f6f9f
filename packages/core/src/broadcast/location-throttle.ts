import type { TrailPoint } from "../types.js";

export interface LocationThrottleOptions {
  /** At most one update per this many ms (the backend also rate-limits). */
  minIntervalMs?: number;
  /** Send only when moved more than this many metres… */
  minDistanceM?: number;
  /** …or when accuracy improved by at least this fraction (0.2 = 20 % smaller radius). */
  accuracyGain?: number;
  /** …or, when stationary, after this long so responders see the position is still fresh. */
  keepAliveMs?: number;
}

export type ThrottleDecision =
  | { action: "send" }
  | { action: "defer"; atMs: number }
  | { action: "drop"; why: "unchanged" };

const DEFAULTS: Required<LocationThrottleOptions> = {
  minIntervalMs: 2_000,
  minDistanceM: 5,
  accuracyGain: 0.2,
  keepAliveMs: 30_000,
};

/**
 * Decides which positions from `watchPosition` are worth a `locations:update`: a phone reports
 * a fix every second or faster, but responders only need to see real movement or a better fix,
 * and every mutation costs battery and bandwidth in an emergency. Pure: time is passed in.
 */
export class LocationThrottle {
  private readonly options: Required<LocationThrottleOptions>;
  private lastSent: { point: TrailPoint; atMs: number } | null = null;

  constructor(options: LocationThrottleOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  offer(point: TrailPoint, nowMs: number): ThrottleDecision {
    const last = this.lastSent;
    if (!last) return { action: "send" };
    const worthIt =
      distanceMetres(last.point, point) > this.options.minDistanceM ||
      point.accuracy <= last.point.accuracy * (1 - this.options.accuracyGain) ||
      nowMs - last.atMs >= this.options.keepAliveMs;
    if (!worthIt) return { action: "drop", why: "unchanged" };
    const earliest = last.atMs + this.options.minIntervalMs;
    return nowMs >= earliest ? { action: "send" } : { action: "defer", atMs: earliest };
  }

  /** Records a point as sent (call when the update was accepted or at least attempted). */
  markSent(point: TrailPoint, nowMs: number): void {
    this.lastSent = { point, atMs: nowMs };
  }
}

/** Great-circle distance in metres (haversine; plenty accurate at walking scale). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const toRad = (deg: number): number => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
