import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, expectCode, internal, requestId, setup, startAlert } from "./setup";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("alerts:start", () => {
  test("returns the same alert and owner key for a repeated clientRequestId", async () => {
    const t = await setup();
    const clientRequestId = requestId();
    const first = await t.mutation(api.alerts.start, { site: "demo", clientRequestId });
    const again = await t.mutation(api.alerts.start, { site: "demo", clientRequestId });
    expect(again).toEqual(first);
    expect(first.ownerKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const active = await t.query(api.alerts.active, { site: "demo" });
    expect(active).toHaveLength(1);
  });

  test("stores only a hash of the owner key", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const docs = await t.run((ctx) => ctx.db.query("alerts").collect());
    expect(JSON.stringify(docs)).not.toContain(ownerKey);
    expect(docs[0]?._id).toBe(alertId);
  });

  test("time moves with fake timers", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const summary = await t.query(api.alerts.get, { alertId });
    expect(summary?.startedAt).toBe(Date.parse("2026-01-01T00:00:00Z"));
  });
});
