import { describe, expect, test } from "vitest";
import { addSite, advance, api, expectCode, internal, setup, startAlert, useFakeClock, type T } from "./setup";

const internalSetResponder = internal.sites.setResponder;

useFakeClock();

/** A signed-in responder (role claim): the only callers who may acknowledge. */
const responder = (t: T, subject: string) => t.withIdentity({ subject, role: "responder" });

describe("acks:add", () => {
  test("once per responder and kind; counts visible to everyone, the broadcaster included", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const a = responder(t, "a");
    const b = responder(t, "b");
    expect(await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" })).toEqual({ added: true });
    expect(await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" })).toEqual({ added: false });
    expect(await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "on_my_way" })).toEqual({ added: true });
    expect(await b.mutation(api.acks.add, { alertId, viewerId: "b", kind: "seen" })).toEqual({ added: true });
    expect(await b.mutation(api.acks.add, { alertId, viewerId: "b", kind: "called_emergency_services" })).toEqual({ added: true });
    const counts = { seen: 2, on_my_way: 1, called_emergency_services: 1 };
    expect((await t.query(api.alerts.get, { alertId, ownerKey }))?.acks).toEqual(counts);
    expect((await t.query(api.alerts.active, { site: "demo" }))[0]?.acks).toEqual(counts);
  });

  test("only responders acknowledge: anonymous and signed-in viewers are refused and not counted", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    // The attack: anonymous "called emergency services" on a public site.
    for (let i = 0; i < 5; i++) {
      await expectCode(t.mutation(api.acks.add, { alertId, viewerId: `anon${i}`, kind: "called_emergency_services" }), "auth/forbidden");
    }
    await expectCode(t.withIdentity({ subject: "viewer" }).mutation(api.acks.add, { alertId, viewerId: "v", kind: "on_my_way" }), "auth/forbidden");
    // The reporter is not a responder either.
    await expectCode(t.mutation(api.acks.add, { alertId, viewerId: "me", kind: "seen" }), "auth/forbidden");
    expect((await t.query(api.alerts.get, { alertId, ownerKey }))?.acks).toEqual({ seen: 0, on_my_way: 0, called_emergency_services: 0 });
    // A responder listed in the site's responders table (no claim) counts.
    await t.mutation(internalSetResponder, { site: "demo", tokenIdentifier: "https://issuer.test|listed", responder: true });
    await t.withIdentity({ subject: "listed", issuer: "https://issuer.test" }).mutation(api.acks.add, { alertId, viewerId: "l", kind: "on_my_way" });
    expect((await t.query(api.alerts.get, { alertId, ownerKey }))?.acks.on_my_way).toBe(1);
  });

  test("a signed-in responder counts once whatever viewerId they send", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const user = responder(t, "u1");
    expect(await user.mutation(api.acks.add, { alertId, viewerId: "tab-1", kind: "seen" })).toEqual({ added: true });
    expect(await user.mutation(api.acks.add, { alertId, viewerId: "tab-2", kind: "seen" })).toEqual({ added: false });
    expect((await t.query(api.alerts.get, { alertId }))?.acks.seen).toBe(1);
  });

  test("rate limited per responder, and recovers", async () => {
    const t = await setup();
    const a = responder(t, "a");
    const { alertId } = await startAlert(t);
    await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" });
    await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "on_my_way" });
    await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "called_emergency_services" });
    // Three more on a second alert drain the bucket (6).
    const second = await startAlert(t);
    for (const kind of ["seen", "on_my_way", "called_emergency_services"] as const) {
      await a.mutation(api.acks.add, { alertId: second.alertId, viewerId: "a", kind });
    }
    const third = await startAlert(t);
    const data = await expectCode(a.mutation(api.acks.add, { alertId: third.alertId, viewerId: "a", kind: "seen" }), "rate-limited");
    expect(data.retryAfterMs).toBeGreaterThan(0);
    expect((await t.query(api.alerts.get, { alertId: third.alertId }))?.acks.seen).toBe(0);
    // Duplicates are answered without spending tokens.
    expect(await a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" })).toEqual({ added: false });
    advance(data.retryAfterMs!);
    expect(await a.mutation(api.acks.add, { alertId: third.alertId, viewerId: "a", kind: "seen" })).toEqual({ added: true });
  });

  test("rate limited per alert", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    for (let i = 0; i < 200; i++) await responder(t, `v${i}`).mutation(api.acks.add, { alertId, viewerId: `v${i}`, kind: "seen" });
    await expectCode(responder(t, "late").mutation(api.acks.add, { alertId, viewerId: "late", kind: "seen" }), "rate-limited");
    advance(200);
    await responder(t, "late").mutation(api.acks.add, { alertId, viewerId: "late", kind: "seen" });
    expect((await t.query(api.alerts.get, { alertId }))?.acks.seen).toBe(201);
  });

  test("audience policy, ended alerts and bad arguments", async () => {
    const t = await setup();
    await addSite(t, "resp", "responders");
    const r = await startAlert(t, { site: "resp" });
    await expectCode(t.mutation(api.acks.add, { alertId: r.alertId, viewerId: "a", kind: "seen" }), "auth/required");
    await expectCode(t.withIdentity({ subject: "u" }).mutation(api.acks.add, { alertId: r.alertId, viewerId: "a", kind: "seen" }), "auth/forbidden");
    await responder(t, "r").mutation(api.acks.add, { alertId: r.alertId, viewerId: "a", kind: "seen" });

    const a = responder(t, "a");
    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(a.mutation(api.acks.add, { alertId, viewerId: "bad id!", kind: "seen" }), "args/invalid");
    await expectCode(a.mutation(api.acks.add, { alertId: "nope", viewerId: "a", kind: "seen" }), "alert/not-found");
    await expect(a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "waved" as never })).rejects.toThrow(/Validator|validator/);
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    await expectCode(a.mutation(api.acks.add, { alertId, viewerId: "a", kind: "seen" }), "alert/ended");
  });
});
