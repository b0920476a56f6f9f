// Read sets and write sets, so that a commit re-runs only the subscribed queries it can affect
// (as a Convex deployment does), not every query of every session.
//
// A query's reads are recorded by wrapping the in-memory database's read primitives while the
// query runs inside `trackReads`: a get by id records that document; any scan (full table, index
// range, search, vector search, count, paginate) records the whole table. convex-test runs
// top-level queries and mutations one at a time under one lock, so a commit never lands in the
// middle of a query's reads: a query that finished before a commit saw none of it, one that had
// not yet started sees all of it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { FakeDb } from "./convex-test-internals.js";
import { DevBackendError } from "./errors.js";

/** What one query run read. */
export class ReadSet {
  /** Tables scanned (any range of them): every write to the table may change the result. */
  readonly tables = new Set<string>();
  /** Documents read by id (including ones that did not exist): only writes to them matter. */
  readonly ids = new Set<string>();

  /** Does a commit that wrote `writes` possibly change what was read? */
  intersects(writes: WriteSet): boolean {
    for (const id of writes.ids) {
      if (this.ids.has(id)) return true;
      const table = tableOfId(id);
      // An id whose table cannot be told is treated as touching every scanned table.
      if (table === null ? this.tables.size > 0 : this.tables.has(table)) return true;
    }
    return false;
  }
}

/** The documents one top-level commit inserted, changed or deleted. */
export interface WriteSet {
  readonly ids: readonly string[];
}

const current = new AsyncLocalStorage<ReadSet>();

/** Runs `fn` recording every database read it makes (across awaits) into `reads`. */
export function trackReads<T>(reads: ReadSet, fn: () => T): T {
  return current.run(reads, fn);
}

/**
 * The table an id belongs to. convex-test's ids are a decimal counter followed by the table
 * name (see its `_generateId`), the dev backend's only id shape; null when it does not parse.
 */
export function tableOfId(id: string): string | null {
  const m = /^[0-9]+/.exec(id);
  if (!m || m[0].length === id.length) return null;
  return id.slice(m[0].length);
}

/**
 * Wraps the database's read primitives so reads made inside `trackReads` are recorded.
 * Outside a tracked run (mutations, actions, HTTP routes) the wrappers only pass through.
 */
export function installReadTracking(db: FakeDb): void {
  const tracked = db as FakeDb & {
    _iterateDocs(table: string, callback: (doc: Record<string, unknown>) => void): void;
  };
  const get = tracked.get.bind(tracked);
  tracked.get = (table, id) => {
    const reads = current.getStore();
    if (reads && typeof id === "string") {
      const t = table ?? tableOfId(id);
      // A scan of the table already covers the document (scans call get for each row).
      if (t === null || !reads.tables.has(t)) reads.ids.add(id);
    }
    return get(table, id);
  };
  // Every scan — full table, index range, search, vector search, count, paginate — enumerates
  // its table through this one method, so recording here cannot miss a kind of query.
  if (typeof tracked._iterateDocs !== "function") {
    throw new DevBackendError("runtime/unsupported-convex-test", "convex-test's database has no _iterateDocs");
  }
  const iterate = tracked._iterateDocs.bind(tracked);
  tracked._iterateDocs = (table, callback) => {
    current.getStore()?.tables.add(table);
    iterate(table, callback);
  };
}
