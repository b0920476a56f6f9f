// Pure logic of read sets: which writes can change what a query read.
import { describe, expect, it } from "vitest";
import { eqRangeOf, ReadSet, tableOfId } from "../../src/convex/read-set.js";

describe("read sets", () => {
  it("tells an id's table the way convex-test spells ids", () => {
    expect(tableOfId("0000000000000000000000010042alerts")).toBe("alerts");
    expect(tableOfId("10001_storage")).toBe("_storage");
    expect(tableOfId("12345")).toBeNull();
    expect(tableOfId("alerts")).toBeNull();
  });

  it("a scanned table intersects any write to it, a document read by id only writes to it", () => {
    const reads = new ReadSet();
    reads.tables.add("alerts");
    reads.ids.add("10001messages");
    expect(reads.intersects({ ids: ["10009alerts"] })).toBe(true);
    expect(reads.intersects({ ids: ["10001messages"] })).toBe(true);
    expect(reads.intersects({ ids: ["10002messages"] })).toBe(false);
    expect(reads.intersects({ ids: ["10003rateLimits", "10004presence"] })).toBe(false);
    expect(reads.intersects({ ids: [] })).toBe(false);
  });

  it("an id of no recognisable table intersects every scan, to be safe", () => {
    const scans = new ReadSet();
    scans.tables.add("alerts");
    expect(scans.intersects({ ids: ["oddid"] })).toBe(true);
    const nothing = new ReadSet();
    expect(nothing.intersects({ ids: ["oddid"] })).toBe(false);
  });

  it("an index range's equalities: a write matters when the document matched before or after", () => {
    const range = eqRangeOf({
      type: "IndexRange",
      indexName: "alerts.by_site_status",
      range: [
        { type: "Eq", fieldPath: "site", value: "demo" },
        { type: "Eq", fieldPath: "status", value: "active" },
        { type: "Gt", fieldPath: "startedAt", value: 5 },
      ],
    });
    expect(range).toEqual({ table: "alerts", eq: [["site", "demo"], ["status", "active"]] });
    const reads = new ReadSet();
    reads.ranges.push(range!);
    const write = (before: object | null, after: object | null) => ({ ids: ["10001alerts"], docs: new Map([["10001alerts", { before, after }]]) }) as never;
    const active = { site: "demo", status: "active" };
    expect(reads.intersects(write(null, active))).toBe(true);
    expect(reads.intersects(write(active, { site: "demo", status: "ended" }))).toBe(true);
    expect(reads.intersects(write(active, null))).toBe(true);
    expect(reads.intersects(write({ site: "other", status: "active" }, { site: "other", status: "ended" }))).toBe(false);
    expect(reads.intersects(write(null, { site: "demo", status: "ended" }))).toBe(false);
    // Another table, or no document versions known (assume in range).
    expect(reads.intersects({ ids: ["10001messages"] })).toBe(false);
    expect(reads.intersects({ ids: ["10002alerts"] })).toBe(true);
  });

  it("ranges with no equality or with encoded values count as scans", () => {
    expect(eqRangeOf({ type: "IndexRange", indexName: "alerts.by_creation_time", range: [] })).toBeNull();
    expect(eqRangeOf({ type: "IndexRange", indexName: "t.i", range: [{ type: "Gt", fieldPath: "n", value: 1 }] })).toBeNull();
    expect(eqRangeOf({ type: "IndexRange", indexName: "t.i", range: [{ type: "Eq", fieldPath: "n", value: { $integer: "AQAAAAAAAAA=" } }] })).toBeNull();
    expect(eqRangeOf({ type: "IndexRange", indexName: "t.i", range: [{ type: "Eq", fieldPath: "n", value: undefined }] })).toBeNull();
    expect(eqRangeOf({ type: "FullTableScan", tableName: "t" })).toBeNull();
  });
});
