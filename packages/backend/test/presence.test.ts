import { describe, expect, test } from "vitest";
import { addSite, advance, api, expectCode, internal, setup, startAlert, useFakeClock } from "./setup";

useFakeClock();

describe("presence:heartbeat", () => {
  test("counts viewers, expires them, and accrues watch time", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    expect(await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" })).toEqual({ viewerCount: 1 });
    expect(await t.mutation(api.presence.heartbeat, { alertId, viewerId: "b" })).toEqual({ viewerCount: 2 });
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(2);

    // a keeps beating every 10 s; b goes quiet.
    for (let i = 0; i < 4; i++) {
      advance(10_000);
      await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" });
    }
    await t.mutation(internal.presence.sweep, {});
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(1);
    const usage = await t.query(internal.alerts.usage, { alertId });
    expect(usage.presenceMinutes * 60).toBeCloseTo(40, 5);

    // b returns after expiring: a new session, the gap is not counted.
    expect(await t.mutation(api.presence.heartbeat, { alertId, viewerId: "b" })).toEqual({ viewerCount: 2 });
    expect((await t.query(internal.alerts.usage, { alertId })).presenceMinutes * 60).toBeCloseTo(40, 5);
  });

  test("watch time survives the sweep; beats that do not change the count leave the alert alone", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" });
    const alertBefore = await t.run(async (ctx) => ctx.db.get(ctx.db.normalizeId("alerts", alertId)!));
    advance(20_000);
    await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" });
    // Same count: the alert document (which every dashboard subscribes to) was not rewritten.
    expect(await t.run(async (ctx) => ctx.db.get(ctx.db.normalizeId("alerts", alertId)!))).toEqual(alertBefore);
    advance(3_700_000);
    await t.mutation(internal.presence.sweep, {});
    expect(await t.run((ctx) => ctx.db.query("presence").collect())).toHaveLength(0);
    expect((await t.query(internal.alerts.usage, { alertId })).presenceMinutes * 60).toBeCloseTo(20, 5);
  });

  test("heartbeats closer than 5 s do not write", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" });
    const before = await t.run((ctx) => ctx.db.query("presence").collect());
    advance(1_000);
    expect(await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" })).toEqual({ viewerCount: 1 });
    expect(await t.run((ctx) => ctx.db.query("presence").collect())).toEqual(before);
  });

  test("the sweep drops expired viewers and deletes old rows", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" });
    advance(30_001);
    await t.mutation(internal.presence.sweep, {});
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(0);
    advance(3_600_000);
    await t.mutation(internal.presence.sweep, {});
    expect(await t.run((ctx) => ctx.db.query("presence").collect())).toHaveLength(0);
  });

  test("audience policy, ended alerts and bad arguments", async () => {
    const t = await setup();
    await addSite(t, "signed", "signed-in");
    const s = await startAlert(t, { site: "signed" });
    await expectCode(t.mutation(api.presence.heartbeat, { alertId: s.alertId, viewerId: "a" }), "auth/required");
    expect(await t.withIdentity({ subject: "u" }).mutation(api.presence.heartbeat, { alertId: s.alertId, viewerId: "a" })).toEqual({ viewerCount: 1 });

    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.mutation(api.presence.heartbeat, { alertId, viewerId: "" }), "args/invalid");
    await expectCode(t.mutation(api.presence.heartbeat, { alertId: "nope", viewerId: "a" }), "alert/not-found");
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    expect(await t.mutation(api.presence.heartbeat, { alertId, viewerId: "a" })).toEqual({ viewerCount: 0 });
  });
});
