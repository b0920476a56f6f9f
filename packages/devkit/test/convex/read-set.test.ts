// Pure logic of read sets: which writes can change what a query read.
import { describe, expect, it } from "vitest";
import { ReadSet, tableOfId } from "../../src/convex/read-set.js";

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
});
