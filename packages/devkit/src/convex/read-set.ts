// Read sets and write sets, so that a commit re-runs only the subscribed queries it can affect
// (as a Convex deployment does), not every query of every session.
//
// A query's reads are recorded by wrapping the in-memory database's read primitives while the
// query runs inside `trackReads`: a get by id records that document; an index range whose bounds
// start with equalities records those equalities (a write matters only if the document matched
// them before or after it); any other scan (full table, search, vector search, count, a range with
// no equality) records the whole table. convex-test runs top-level queries and mutations one at a
// time under one lock, so a commit never lands in the middle of a query's reads: a query that
// finished before a commit saw none of it, one that had not yet started sees all of it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { FakeDb } from "./convex-test-internals.js";
import { DevBackendError } from "./errors.js";

type Doc = Record<string, unknown>;

/**
 * The documents of `table` whose fields equal these values (a superset of an index range: the
 * range's leading `eq`s, its `gt`/`lt` bounds ignored). Values are JSON primitives only.
 */
export interface EqRange {
  table: string;
  eq: ReadonlyArray<readonly [fieldPath: string, value: string | number | boolean | null]>;
}

/** What one query run read. */
export class ReadSet {
  /** Tables scanned (any range of them): every write to the table may change the result. */
  readonly tables = new Set<string>();
  /** Documents read by id (including ones that did not exist): only writes to them matter. */
  readonly ids = new Set<string>();
  /** Index ranges read, as equalities: only writes of documents matching them matter. */
  readonly ranges: EqRange[] = [];
  /** Inside an index-range read: its rows are covered by the range, not recorded one by one. */
  scanning = 0;

  /** Does a commit that wrote `writes` possibly change what was read? */
  intersects(writes: WriteSet): boolean {
    for (const id of writes.ids) {
      if (this.ids.has(id)) return true;
      const table = tableOfId(id);
      // An id whose table cannot be told is treated as touching everything scanned.
      if (table === null) {
        if (this.tables.size > 0 || this.ranges.length > 0) return true;
        continue;
      }
      if (this.tables.has(table)) return true;
      for (const range of this.ranges) {
        if (range.table !== table) continue;
        const doc = writes.docs?.get(id);
        // Without the documents' versions, assume the write is in range.
        if (!doc || matches(range, doc.before) || matches(range, doc.after)) return true;
      }
    }
    return false;
  }
}

/** The documents one top-level commit inserted, changed or deleted. */
export interface WriteSet {
  readonly ids: readonly string[];
  /** Each written document before and after the commit (null: absent). */
  readonly docs?: ReadonlyMap<string, { before: Doc | null; after: Doc | null }>;
}

function fieldAt(doc: Doc, fieldPath: string): unknown {
  let value: unknown = doc;
  for (const part of fieldPath.split(".")) {
    value = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Doc)[part] : undefined;
  }
  return value;
}

function matches(range: EqRange, doc: Doc | null): boolean {
  if (!doc) return false;
  return range.eq.every(([fieldPath, want]) => {
    const have = fieldAt(doc, fieldPath);
    // ±0 compare as different values in Convex but equal here: err towards a re-run.
    return have === want;
  });
}

const isPrimitive = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** The equalities an IndexRange query source starts with; null when it must count as a scan. */
export function eqRangeOf(source: unknown): EqRange | null {
  const s = source as { type?: unknown; indexName?: unknown; range?: unknown };
  if (s?.type !== "IndexRange" || typeof s.indexName !== "string" || !Array.isArray(s.range)) return null;
  const table = s.indexName.split(".")[0];
  if (!table) return null;
  const eq: [string, string | number | boolean | null][] = [];
  for (const f of s.range as { type?: unknown; fieldPath?: unknown; value?: unknown }[]) {
    if (f?.type !== "Eq") continue;
    // Encoded values (bigint, bytes, objects, arrays) or an `undefined` bound: scan semantics.
    if (typeof f.fieldPath !== "string" || !isPrimitive(f.value)) return null;
    eq.push([f.fieldPath, f.value]);
  }
  return eq.length > 0 ? { table, eq } : null;
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
    _resolveQuerySource(query: { source: unknown }): unknown;
  };
  const get = tracked.get.bind(tracked);
  tracked.get = (table, id) => {
    const reads = current.getStore();
    if (reads && reads.scanning === 0 && typeof id === "string") {
      const t = table ?? tableOfId(id);
      // A scan of the table already covers the document (scans call get for each row).
      if (t === null || !reads.tables.has(t)) reads.ids.add(id);
    }
    return get(table, id);
  };
  // Every scan — full table, index range, search, vector search, count, paginate — enumerates
  // its table through this one method, so recording here cannot miss a kind of query.
  if (typeof tracked._iterateDocs !== "function" || typeof tracked._resolveQuerySource !== "function") {
    throw new DevBackendError("runtime/unsupported-convex-test", "convex-test's database has no _iterateDocs / _resolveQuerySource");
  }
  const iterate = tracked._iterateDocs.bind(tracked);
  tracked._iterateDocs = (table, callback) => {
    const reads = current.getStore();
    if (reads && reads.scanning === 0) reads.tables.add(table);
    iterate(table, callback);
  };
  // Index ranges (queries and paginate) resolve their rows here: record the range's equalities
  // instead of the table when it has some.
  const resolve = tracked._resolveQuerySource.bind(tracked);
  tracked._resolveQuerySource = (query) => {
    const reads = current.getStore();
    const range = reads ? eqRangeOf(query?.source) : null;
    if (!reads || !range) return resolve(query);
    reads.ranges.push(range);
    reads.scanning += 1;
    try {
      return resolve(query);
    } finally {
      reads.scanning -= 1;
    }
  };
}
