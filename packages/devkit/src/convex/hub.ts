// Reactivity: tracks every live sync session and re-runs subscribed queries after each commit.
// Invalidation is coarse (any commit re-runs everything) but results are shared between sessions
// with the same query, arguments and identity, and a session hears only about queries whose
// result changed.
import { convexToJson, type JSONValue, type Value } from "convex/values";
import type { DevRuntime, Identity, Outcome } from "./runtime.js";
import { Clock } from "./timestamps.js";

export interface Refreshable {
  requestRefresh(): void;
}

export class Hub {
  readonly clock: Clock;
  readonly sessions = new Set<Refreshable>();
  /** Bumped on every commit; query results are cached per value. */
  private generation = 0;
  private cache = new Map<string, Promise<Outcome>>();
  private cacheGeneration = 0;
  private scheduled = false;
  /** Completed mutations by `${sessionId}:${requestId}`, so a resent one is answered, not re-run. */
  readonly mutationResults = new Map<string, Promise<{ outcome: Outcome; ts: bigint }>>();

  constructor(
    readonly runtime: DevRuntime,
    startTs: bigint,
  ) {
    this.clock = new Clock(startTs);
  }

  /** Called by the runtime's commit hook. */
  onCommit(): void {
    this.generation += 1;
    this.clock.advance();
    if (this.scheduled) return;
    this.scheduled = true;
    // Coalesce a burst of commits (e.g. a mutation and its scheduled follow-ups) into one pass.
    setImmediate(() => {
      this.scheduled = false;
      for (const s of this.sessions) s.requestRefresh();
    });
  }

  evaluate(udfPath: string, args: Record<string, Value>, argsJson: string, identity: Identity | null): Promise<Outcome> {
    if (this.cacheGeneration !== this.generation) {
      this.cache = new Map();
      this.cacheGeneration = this.generation;
    }
    const key = `${udfPath}\u0000${argsJson}\u0000${identity ? JSON.stringify(identity) : ""}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.runtime.call("query", udfPath, args, identity);
      this.cache.set(key, result);
    }
    return result;
  }

  rememberMutation(key: string, run: () => Promise<{ outcome: Outcome; ts: bigint }>): Promise<{ outcome: Outcome; ts: bigint }> {
    const existing = this.mutationResults.get(key);
    if (existing) return existing;
    const p = run();
    this.mutationResults.set(key, p);
    // Bounded memory: forget the oldest answers.
    if (this.mutationResults.size > 10_000) {
      const oldest = this.mutationResults.keys().next().value;
      if (oldest !== undefined) this.mutationResults.delete(oldest);
    }
    return p;
  }
}

export function valueJson(outcome: Outcome): JSONValue {
  return outcome.success ? convexToJson(outcome.value) : null;
}
