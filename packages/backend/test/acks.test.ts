import { describe, expect, test } from "vitest";
import { addSite, advance, api, expectCode, setup, startAlert, useFakeClock } from "./setup";

useFakeClock();

describe("acks:add", () => {
  test("once per viewer and kind; counts visible to everyone, the broadcaster included", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    expect(await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" })).toEqual({ added: true });
    expect(await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" })).toEqual({ added: false });
    expect(await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "on_my_way" })).toEqual({ added: true });
    expect(await t.mutation(api.acks.add, { alertId, viewerId: "b", kind: "seen" })).toEqual({ added: true });
    expect(await t.mutation(api.acks.add, { alertId, viewerId: "b", kind: "called_emergency_services" })).toEqual({ added: true });
    const counts = { seen: 2, on_my_way: 1, called_emergency_services: 1 };
    expect((await t.query(api.alerts.get, { alertId, ownerKey }))?.acks).toEqual(counts);
    expect((await t.query(api.alerts.active, { site: "demo" }))[0]?.acks).toEqual(counts);
  });

  test("a signed-in viewer counts once whatever viewerId they send", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const user = t.withIdentity({ subject: "u1" });
    expect(await user.mutation(api.acks.add, { alertId, viewerId: "tab-1", kind: "seen" })).toEqual({ added: true });
    expect(await user.mutation(api.acks.add, { alertId, viewerId: "tab-2", kind: "seen" })).toEqual({ added: false });
    expect((await t.query(api.alerts.get, { alertId }))?.acks.seen).toBe(1);
  });

  test("rate limited per viewer, and recovers", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" });
    await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "on_my_way" });
    await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "called_emergency_services" });
    // Three more on a second alert from the same anonymous viewer id drain the bucket (6).
    const second = await startAlert(t);
    for (const kind of ["seen", "on_my_way", "called_emergency_services"] as const) {
      await t.mutation(api.acks.add, { alertId: second.alertId, viewerId: "a", kind });
    }
    const third = await startAlert(t);
    const data = await expectCode(t.mutation(api.acks.add, { alertId: third.alertId, viewerId: "a", kind: "seen" }), "rate-limited");
    expect(data.retryAfterMs).toBeGreaterThan(0);
    expect((await t.query(api.alerts.get, { alertId: third.alertId }))?.acks.seen).toBe(0);
    // Duplicates are answered without spending tokens.
    expect(await t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" })).toEqual({ added: false });
    advance(data.retryAfterMs!);
    expect(await t.mutation(api.acks.add, { alertId: third.alertId, viewerId: "a", kind: "seen" })).toEqual({ added: true });
  });

  test("rate limited per alert", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    for (let i = 0; i < 200; i++) await t.mutation(api.acks.add, { alertId, viewerId: `v${i}`, kind: "seen" });
    await expectCode(t.mutation(api.acks.add, { alertId, viewerId: "late", kind: "seen" }), "rate-limited");
    advance(200);
    await t.mutation(api.acks.add, { alertId, viewerId: "late", kind: "seen" });
    expect((await t.query(api.alerts.get, { alertId }))?.acks.seen).toBe(201);
  });

  test("audience policy, ended alerts and bad arguments", async () => {
    const t = await setup();
    await addSite(t, "resp", "responders");
    const r = await startAlert(t, { site: "resp" });
    await expectCode(t.mutation(api.acks.add, { alertId: r.alertId, viewerId: "a", kind: "seen" }), "auth/required");
    await expectCode(t.withIdentity({ subject: "u" }).mutation(api.acks.add, { alertId: r.alertId, viewerId: "a", kind: "seen" }), "auth/forbidden");
    await t.withIdentity({ subject: "r", role: "responder" }).mutation(api.acks.add, { alertId: r.alertId, viewerId: "a", kind: "seen" });

    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.mutation(api.acks.add, { alertId, viewerId: "bad id!", kind: "seen" }), "args/invalid");
    await expectCode(t.mutation(api.acks.add, { alertId: "nope", viewerId: "a", kind: "seen" }), "alert/not-found");
    await expect(t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "waved" as never })).rejects.toThrow(/Validator|validator/);
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    await expectCode(t.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" }), "alert/ended");
  });
});
