// Reactivity: tracks every live sync session and re-runs subscribed queries after commits.
// Invalidation is by read set, as in a Convex deployment: each cached query result remembers what
// its run read (read-set.ts: documents by id, index ranges by their equalities, scanned tables),
// and a commit drops only the results whose reads it wrote. Results
// are shared between sessions with the same query, arguments and identity, and a session hears
// only about queries whose result changed.
import { convexToJson, type JSONValue, type Value } from "convex/values";
import { ReadSet, tableOfId, trackReads, type WriteSet } from "./read-set.js";
import type { DevRuntime, Identity, Outcome } from "./runtime.js";
import { Clock } from "./timestamps.js";

export interface Refreshable {
  requestRefresh(): void;
}

/**
 * One cached query result. A session holding the same entry object as last time knows the
 * result has not been invalidated since, without comparing values.
 */
export interface QueryResult {
  readonly outcome: Promise<Outcome>;
  readonly reads: ReadSet;
}

/** Counters for benchmarks and tests (development only). */
export interface HubStats {
  /** Query functions executed for subscriptions. */
  queryRuns: number;
  /** Cached results dropped by commits. */
  invalidations: number;
  commits: number;
}

/**
 * How a commit invalidates cached query results: `read-set` drops those whose reads it wrote (as
 * Convex does); `every-commit` drops all of them (the dev backend's former behaviour, kept as a
 * benchmark baseline).
 */
export type Invalidation = "read-set" | "every-commit";

/** Results no session asked for in a while are forgotten beyond this many. */
const MAX_CACHED = 5_000;

export class Hub {
  readonly clock: Clock;
  readonly sessions = new Set<Refreshable>();
  readonly stats: HubStats = { queryRuns: 0, invalidations: 0, commits: 0 };
  /** Query results by `udfPath, args, identity`, least recently used first. */
  private cache = new Map<string, QueryResult>();
  /** Which cached results read which table (by a scan) or which document (by id). */
  private readonly byTable = new Map<string, Set<string>>();
  private readonly byId = new Map<string, Set<string>>();
  /** Which cached results read an index range of which table (tested against each write). */
  private readonly byRange = new Map<string, Set<string>>();
  /** Runs not finished yet (not indexed yet): checked against each commit directly. */
  private readonly running = new Map<string, QueryResult>();
  private scheduled = false;
  /** Completed mutations by `${sessionId}:${requestId}`, so a resent one is answered, not re-run. */
  readonly mutationResults = new Map<string, Promise<{ outcome: Outcome; ts: bigint }>>();

  constructor(
    readonly runtime: DevRuntime,
    startTs: bigint,
    private readonly invalidation: Invalidation = "read-set",
  ) {
    this.clock = new Clock(startTs);
  }

  /** Called by the runtime's commit hook with what the commit wrote. */
  onCommit(writes: WriteSet): void {
    this.stats.commits += 1;
    this.clock.advance();
    // Synchronously: any evaluation after this commit must not be served a stale result.
    let dropped = 0;
    for (const key of this.affected(writes)) {
      if (this.drop(key)) dropped += 1;
    }
    this.stats.invalidations += dropped;
    // Sessions are still told about every commit (cheap when nothing of theirs changed): a
    // mutation's caller is owed a Transition at its commit's timestamp even when no query of
    // its own reads what it wrote.
    if (this.scheduled) return;
    this.scheduled = true;
    // Coalesce a burst of commits (e.g. a mutation and its scheduled follow-ups) into one pass.
    setImmediate(() => {
      this.scheduled = false;
      for (const s of this.sessions) s.requestRefresh();
    });
  }

  /** Keys of cached results a commit may have changed. */
  private affected(writes: WriteSet): Set<string> {
    if (this.invalidation === "every-commit") return new Set(this.cache.keys());
    const keys = new Set<string>();
    const add = (set: Set<string> | undefined) => set?.forEach((k) => keys.add(k));
    for (const id of writes.ids) {
      add(this.byId.get(id));
      const table = tableOfId(id);
      if (table !== null) {
        add(this.byTable.get(table));
        for (const key of this.byRange.get(table) ?? []) {
          if (!keys.has(key) && this.cache.get(key)?.reads.intersects(writes)) keys.add(key);
        }
      } else {
        // An id of no recognisable table: be safe, drop every result that scanned anything.
        for (const set of this.byTable.values()) add(set);
        for (const set of this.byRange.values()) add(set);
      }
    }
    for (const [key, entry] of this.running) if (entry.reads.intersects(writes)) keys.add(key);
    return keys;
  }

  private drop(key: string): boolean {
    const entry = this.cache.get(key);
    if (!entry) return false;
    this.cache.delete(key);
    if (this.running.get(key) === entry) this.running.delete(key);
    else this.unindex(key, entry.reads);
    return true;
  }

  private unindex(key: string, reads: ReadSet): void {
    for (const t of reads.tables) removeFrom(this.byTable, t, key);
    for (const id of reads.ids) removeFrom(this.byId, id, key);
    for (const r of reads.ranges) removeFrom(this.byRange, r.table, key);
  }

  /**
   * The current result of a query for an identity: cached until a commit writes something it
   * read, else run now. A run still in progress when a commit lands is dropped if it had already
   * read something the commit wrote (its later reads see the commit).
   */
  evaluate(udfPath: string, args: Record<string, Value>, argsJson: string, identity: Identity | null): QueryResult {
    const key = `${udfPath}\u0000${argsJson}\u0000${identity ? JSON.stringify(identity) : ""}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    this.stats.queryRuns += 1;
    const reads = new ReadSet();
    const outcome = trackReads(reads, () => this.runtime.call("query", udfPath, args, identity));
    const entry: QueryResult = { outcome, reads };
    this.cache.set(key, entry);
    this.running.set(key, entry);
    // Index what the run read once it is done; until then commits test its reads directly.
    void outcome.then(() => {
      if (this.running.get(key) !== entry) return;
      this.running.delete(key);
      for (const t of reads.tables) addTo(this.byTable, t, key);
      for (const id of reads.ids) addTo(this.byId, id, key);
      for (const r of reads.ranges) addTo(this.byRange, r.table, key);
    });
    if (this.cache.size > MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.drop(oldest);
    }
    return entry;
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

function addTo(index: Map<string, Set<string>>, k: string, key: string): void {
  let set = index.get(k);
  if (!set) index.set(k, (set = new Set()));
  set.add(key);
}

function removeFrom(index: Map<string, Set<string>>, k: string, key: string): void {
  const set = index.get(k);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) index.delete(k);
}

export function valueJson(outcome: Outcome): JSONValue {
  return outcome.success ? convexToJson(outcome.value) : null;
}
