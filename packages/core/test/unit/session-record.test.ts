// The saved session of a press: scoped per deployment and site, validated on load, forgotten.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearRecord, loadRecord, recordKey, saveRecord, type SessionRecord } from "../../src/broadcast/session-record.js";

const memory = new Map<string, string>();
beforeEach(() => {
  memory.clear();
  (globalThis as { sessionStorage?: unknown }).sessionStorage = {
    getItem: (k: string) => memory.get(k) ?? null,
    setItem: (k: string, v: string) => void memory.set(k, v),
    removeItem: (k: string) => void memory.delete(k),
  };
});
afterEach(() => {
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
});

const record: SessionRecord = {
  version: 1,
  clientRequestId: "req-0123456789abcdef0123",
  alertId: "a1",
  ownerKey: "k1",
  nextSeq: 3,
  savedAt: 0,
  options: { category: "medical", video: false },
};

describe("session records", () => {
  it("round-trips, scoped to deployment and site", () => {
    const key = recordKey("https://one.convex.cloud", "campus");
    saveRecord(key, record);
    expect(loadRecord(key)).toMatchObject({ ...record, savedAt: expect.any(Number) });
    expect(loadRecord(recordKey("https://two.convex.cloud", "campus"))).toBe(null);
    expect(loadRecord(recordKey("https://one.convex.cloud", "other"))).toBe(null);
    clearRecord(key);
    expect(loadRecord(key)).toBe(null);
  });

  it("ignores malformed, half-written and stale records", () => {
    const key = recordKey("u", "s");
    memory.set(key, "{not json");
    expect(loadRecord(key)).toBe(null);
    memory.set(key, JSON.stringify({ ...record, version: 2, savedAt: Date.now() }));
    expect(loadRecord(key)).toBe(null);
    memory.set(key, JSON.stringify({ ...record, ownerKey: null, savedAt: Date.now() }));
    expect(loadRecord(key)).toBe(null);
    memory.set(key, JSON.stringify({ ...record, savedAt: Date.now() - 2 * 86_400_000 }));
    expect(loadRecord(key)).toBe(null);
  });

  it("works (as a no-op) without storage", () => {
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    saveRecord("k", record);
    expect(loadRecord("k")).toBe(null);
  });
});
