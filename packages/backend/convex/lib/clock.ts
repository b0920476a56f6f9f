/**
 * The one place functions read the time, so tests can move it with vitest fake timers
 * (`vi.setSystemTime`) and every rule that depends on time (rate limits, expiry, staleness) moves
 * together.
 */
export function now(): number {
  return Date.now();
}
