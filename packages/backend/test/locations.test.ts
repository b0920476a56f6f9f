import { describe, expect, test } from "vitest";
import { addSite, advance, api, expectCode, setup, startAlert, T0, useFakeClock } from "./setup";

useFakeClock();

describe("locations:update", () => {
  test("owner moves the location; the track keeps history; summary shows the latest", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t, { location: { lat: 10, lng: 20, accuracy: 30 } });
    advance(2_000);
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 10.001, lng: 20, accuracy: 8, heading: 90 })).toEqual({ accepted: true });
    advance(2_000);
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 10.002, lng: 20, accuracy: 5 })).toEqual({ accepted: true });
    expect((await t.query(api.alerts.get, { alertId }))?.location).toEqual({ lat: 10.002, lng: 20, accuracy: 5, heading: null, at: T0 + 4_000 });
    const trail = await t.query(api.locations.trail, { alertId });
    expect(trail.map((p) => p.lat)).toEqual([10, 10.001, 10.002]);
    expect(trail[1]).toEqual({ lat: 10.001, lng: 20, accuracy: 8, heading: 90, at: T0 + 2_000 });
    expect((await t.query(api.locations.trail, { alertId, limit: 2 })).map((p) => p.lat)).toEqual([10.001, 10.002]);
  });

  test("the write rate is bounded without throwing", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 1, lng: 1, accuracy: 5 })).toEqual({ accepted: true });
    advance(500);
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 2, lng: 2, accuracy: 5 })).toEqual({ accepted: false });
    advance(600);
    // Unchanged position: not stored again until the keep-alive interval.
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 1, lng: 1, accuracy: 5 })).toEqual({ accepted: false });
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 2, lng: 2, accuracy: 5 })).toEqual({ accepted: true });
    advance(30_000);
    expect(await t.mutation(api.locations.update, { alertId, ownerKey, lat: 2, lng: 2, accuracy: 5 })).toEqual({ accepted: true });
    expect(await t.query(api.locations.trail, { alertId })).toHaveLength(3);
  });

  test("non-owners cannot move an alert's location", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const other = await startAlert(t);
    await expectCode(t.mutation(api.locations.update, { alertId, lat: 1, lng: 1, accuracy: 5 }), "auth/forbidden");
    await expectCode(t.mutation(api.locations.update, { alertId, ownerKey: other.ownerKey, lat: 1, lng: 1, accuracy: 5 }), "auth/forbidden");
    await expectCode(
      t.withIdentity({ subject: "r", role: "responder" }).mutation(api.locations.update, { alertId, lat: 1, lng: 1, accuracy: 5 }),
      "auth/forbidden",
    );
    expect(await t.query(api.locations.trail, { alertId })).toHaveLength(0);
    expect((await t.query(api.alerts.get, { alertId, ownerKey }))?.location).toBeNull();
  });

  test("bad coordinates and ended alerts are refused with codes", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.mutation(api.locations.update, { alertId, ownerKey, lat: -91, lng: 0, accuracy: 5 }), "args/invalid");
    await expectCode(t.mutation(api.locations.update, { alertId, ownerKey, lat: 0, lng: 181, accuracy: 5 }), "args/invalid");
    await expectCode(t.mutation(api.locations.update, { alertId, ownerKey, lat: 0, lng: 0, accuracy: Number.NaN }), "args/invalid");
    await expectCode(t.mutation(api.locations.update, { alertId, ownerKey, lat: 0, lng: 0, accuracy: 5, heading: 360 }), "args/invalid");
    await expectCode(t.query(api.locations.trail, { alertId, limit: 0 }), "args/invalid");
    await expectCode(t.mutation(api.locations.update, { alertId: "nope", ownerKey, lat: 0, lng: 0, accuracy: 5 }), "alert/not-found");
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    await expectCode(t.mutation(api.locations.update, { alertId, ownerKey, lat: 0, lng: 0, accuracy: 5 }), "alert/ended");
  });

  test("the trail follows the audience policy", async () => {
    const t = await setup();
    await addSite(t, "resp", "responders");
    const { alertId, ownerKey } = await startAlert(t, { site: "resp", location: { lat: 1, lng: 2, accuracy: 3 } });
    await expectCode(t.query(api.locations.trail, { alertId }), "auth/required");
    expect(await t.query(api.locations.trail, { alertId, ownerKey })).toHaveLength(1);
    expect(await t.withIdentity({ subject: "r", role: "responder" }).query(api.locations.trail, { alertId })).toHaveLength(1);
  });
});
