import { describe, expect, test } from "vitest";
import { active as activeHandlerFn } from "../convex/alerts";
import {
  addSite,
  advance,
  api,
  expectCode,
  internal,
  rejection,
  requestId,
  setup,
  startAlert,
  useFakeClock,
  T0,
} from "./setup";

useFakeClock();

describe("alerts:start", () => {
  test("returns the same alert and owner key for a repeated clientRequestId", async () => {
    const t = await setup();
    const clientRequestId = requestId();
    const first = await t.mutation(api.alerts.start, { site: "demo", clientRequestId });
    const again = await t.mutation(api.alerts.start, { site: "demo", clientRequestId });
    expect(again).toEqual(first);
    expect(first.ownerKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await t.query(api.alerts.active, { site: "demo" })).toHaveLength(1);
    const other = await startAlert(t);
    expect(other.alertId).not.toBe(first.alertId);
    expect(other.ownerKey).not.toBe(first.ownerKey);
  });

  test("stores only a hash of the owner key, and a room name unrelated to the alert id", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const docs = await t.run((ctx) => ctx.db.query("alerts").collect());
    expect(JSON.stringify(docs)).not.toContain(ownerKey);
    expect(docs[0]?.ownerKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(docs[0]?.room).toMatch(/^ar_[A-Za-z0-9_-]{22}$/);
    expect(docs[0]?.room).not.toContain(alertId);
  });

  test("records category and first location", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t, { category: "medical", location: { lat: 52.1, lng: 4.3, accuracy: 12 } });
    const freeForm = await startAlert(t, { category: "Fire alarm – Building B" });
    expect((await t.query(api.alerts.get, { alertId: freeForm.alertId }))?.category).toBe("Fire alarm – Building B");
    const summary = await t.query(api.alerts.get, { alertId });
    expect(summary).toMatchObject({
      alertId,
      site: "demo",
      category: "medical",
      status: "active",
      startedAt: T0,
      endedAt: null,
      endReason: null,
      location: { lat: 52.1, lng: 4.3, accuracy: 12, heading: null, at: T0 },
      acks: { seen: 0, on_my_way: 0, called_emergency_services: 0 },
      viewerCount: 0,
      streamStatus: "pending",
    });
    expect(await t.query(api.locations.trail, { alertId })).toHaveLength(1);
  });

  test("refuses bad arguments with codes", async () => {
    const t = await setup();
    await expectCode(t.mutation(api.alerts.start, { site: "demo", clientRequestId: "short" }), "args/invalid");
    await expectCode(t.mutation(api.alerts.start, { site: "demo", clientRequestId: "x".repeat(16) + "!" }), "args/invalid");
    await expectCode(t.mutation(api.alerts.start, { site: "Nope!", clientRequestId: requestId() }), "args/invalid");
    await expectCode(t.mutation(api.alerts.start, { site: "nowhere", clientRequestId: requestId() }), "site/not-found");
    await expectCode(t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), category: "fire\nalarm" }), "args/invalid");
    await expectCode(t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), category: "c".repeat(61) }), "args/invalid");
    await expectCode(t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), category: "  " }), "args/invalid");
    await expectCode(
      t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), location: { lat: 91, lng: 0, accuracy: 5 } }),
      "args/invalid",
    );
    await expectCode(
      t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), location: { lat: 0, lng: 0, accuracy: -1 } }),
      "args/invalid",
    );
    // Wrong types never reach the handler: Convex's validator refuses them.
    const typeError = await rejection(t.mutation(api.alerts.start, { site: "demo", clientRequestId: 42 } as never));
    expect(String(typeError)).toMatch(/Validator|validator/);
    expect(await t.run((ctx) => ctx.db.query("alerts").collect())).toHaveLength(0);
  });

  test("anonymous reporting is refused where the site does not allow it; signed-in is accepted", async () => {
    const t = await setup();
    await addSite(t, "campus", "signed-in", { allowAnonymous: false });
    await expectCode(startAlert(t, { site: "campus" }), "auth/required");
    const user = t.withIdentity({ subject: "user-1", name: "Ana" });
    const { alertId } = await user.mutation(api.alerts.start, { site: "campus", clientRequestId: requestId() });
    expect(await user.query(api.alerts.get, { alertId })).toMatchObject({ site: "campus" });
  });

  test("starts are rate limited per signed-in user", async () => {
    const t = await setup();
    const user = t.withIdentity({ subject: "user-2" });
    for (let i = 0; i < 3; i++) await user.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() });
    await expectCode(user.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() }), "rate-limited");
    await startAlert(t); // other callers are unaffected
    advance(60_000);
    await user.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() });
  });
});

describe("alerts:end", () => {
  test("only the owner may end an alert", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const other = await startAlert(t);
    await expectCode(t.mutation(api.alerts.end, { alertId, reason: "x" }), "auth/forbidden");
    await expectCode(t.mutation(api.alerts.end, { alertId, ownerKey: other.ownerKey, reason: "x" }), "auth/forbidden");
    await expectCode(t.mutation(api.alerts.end, { alertId, ownerKey: "A".repeat(43), reason: "x" }), "auth/forbidden");
    await expectCode(t.withIdentity({ subject: "stranger" }).mutation(api.alerts.end, { alertId, reason: "x" }), "auth/forbidden");
    expect((await t.query(api.alerts.get, { alertId }))?.status).toBe("active");

    advance(1_000);
    expect(await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "safe" })).toBeNull();
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({
      status: "ended",
      endedAt: T0 + 1_000,
      endReason: "safe",
      streamStatus: "ended",
    });
    // Idempotent: ending again changes nothing.
    advance(1_000);
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "again" });
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({ endedAt: T0 + 1_000, endReason: "safe" });
    expect((await t.query(api.alerts.active, { site: "demo" })).map((a) => a.alertId)).toEqual([other.alertId]);
  });

  test("a signed-in owner may end without the key", async () => {
    const t = await setup();
    const owner = t.withIdentity({ subject: "owner" });
    const { alertId } = await owner.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() });
    await expectCode(t.withIdentity({ subject: "someone-else" }).mutation(api.alerts.end, { alertId, reason: "x" }), "auth/forbidden");
    await owner.mutation(api.alerts.end, { alertId, reason: "resolved" });
    expect((await t.query(api.alerts.get, { alertId }))?.status).toBe("ended");
  });

  test("unknown and malformed ids are not-found; bad reasons are invalid", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.mutation(api.alerts.end, { alertId: "not-an-id", ownerKey, reason: "x" }), "alert/not-found");
    await expectCode(t.mutation(api.alerts.end, { alertId, ownerKey, reason: "" }), "args/invalid");
    await expectCode(t.mutation(api.alerts.end, { alertId, ownerKey, reason: "r".repeat(201) }), "args/invalid");
    expect(await t.query(api.alerts.get, { alertId: "not-an-id" })).toBeNull();
  });
});

describe("alerts:active and alerts:get", () => {
  test("newest first, only active, only this site", async () => {
    const t = await setup();
    await addSite(t, "other", "public");
    const a = await startAlert(t);
    advance(10);
    const b = await startAlert(t);
    advance(10);
    const c = await startAlert(t);
    await startAlert(t, { site: "other" });
    await t.mutation(api.alerts.end, { alertId: b.alertId, ownerKey: b.ownerKey, reason: "done" });
    const active = await t.query(api.alerts.active, { site: "demo" });
    expect(active.map((x) => x.alertId)).toEqual([c.alertId, a.alertId]);
    await expectCode(t.query(api.alerts.active, { site: "nowhere" }), "site/not-found");
  });

  test("reads through an index: cost stays flat as ended alerts pile up", async () => {
    const t = await setup();
    const live = await startAlert(t);
    await t.run(async (ctx) => {
      for (let i = 0; i < 300; i++) {
        await ctx.db.insert("alerts", {
          site: "demo",
          requestHash: `ended_${i}`,
          ownerKeyHash: "0".repeat(64),
          status: "ended",
          startedAt: T0 - 1_000_000 + i,
          endedAt: T0 - 1_000 + i,
          endReason: "old",
          room: `ar_old_${i}`,
          streamStatus: "ended",
          acks: { seen: 0, on_my_way: 0, called_emergency_services: 0 },
          presenceViewers: 0,
          roomViewers: 0,
          lastSeenAt: T0,
          staleAt: T0,
          publisherMs: 0,
          viewerMs: 0,
          presenceMs: 0,
          purged: false,
          engagement: 0,
        });
      }
    });
    // Run the handler against a recording database: every query chain and every document it
    // yields is logged. (convex-test counts yielded documents, not scanned ones, so a filtered
    // table scan would look cheap to its transaction metrics; the call log cannot be fooled.)
    const { result, log, yielded } = await t.run(async (ctx) => {
      const log: string[] = [];
      let yielded = 0;
      const record = (target: object, path: string): unknown =>
        new Proxy(target, {
          get(obj, prop, receiver) {
            const value = Reflect.get(obj, prop, receiver) as unknown;
            if (typeof value !== "function" || typeof prop !== "string") return value;
            return (...args: unknown[]) => {
              const label = `${path}.${prop}(${typeof args[0] === "string" ? args[0] : ""})`;
              log.push(label);
              const out = (value as (...a: unknown[]) => unknown).apply(obj, args);
              if (out instanceof Promise) {
                return out.then((v: unknown) => {
                  if (Array.isArray(v)) yielded += v.length;
                  else if (v) yielded += 1;
                  return v;
                });
              }
              return out && typeof out === "object" ? record(out, label) : out;
            };
          },
        });
      const db = record(ctx.db, "db") as typeof ctx.db;
      const handler = (activeHandlerFn as unknown as { _handler: unknown })._handler;
      const result = await (handler as (c: unknown, a: unknown) => Promise<unknown>)({ ...ctx, db }, { site: "demo" });
      return { result: result as { alertId: string }[], log, yielded };
    });
    expect(result.map((a) => a.alertId)).toEqual([live.alertId]);
    expect(log.filter((l) => l === "db.query(alerts)")).toHaveLength(1);
    expect(log.some((l) => l.includes("withIndex(by_site_status_startedAt)"))).toBe(true);
    expect(log.some((l) => l.includes(".filter(") || l.includes(".collect("))).toBe(false);
    // The site document plus one per active alert.
    expect(yielded).toBeLessThanOrEqual(2);
  });

  test("audience policies: signed-in and responders", async () => {
    const t = await setup();
    await addSite(t, "signed", "signed-in");
    await addSite(t, "resp", "responders");
    const s = await startAlert(t, { site: "signed" });
    const r = await startAlert(t, { site: "resp" });

    await expectCode(t.query(api.alerts.active, { site: "signed" }), "auth/required");
    await expectCode(t.query(api.alerts.get, { alertId: s.alertId }), "auth/required");
    const user = t.withIdentity({ subject: "u" });
    expect(await user.query(api.alerts.active, { site: "signed" })).toHaveLength(1);

    await expectCode(t.query(api.alerts.active, { site: "resp" }), "auth/required");
    await expectCode(user.query(api.alerts.active, { site: "resp" }), "auth/forbidden");
    const byClaim = t.withIdentity({ subject: "r1", role: "responder" });
    expect(await byClaim.query(api.alerts.active, { site: "resp" })).toHaveLength(1);
    const byRoles = t.withIdentity({ subject: "r2", roles: ["staff", "responder"] });
    expect(await byRoles.query(api.alerts.get, { alertId: r.alertId })).not.toBeNull();

    // Membership table, for providers that cannot add claims.
    const member = t.withIdentity({ subject: "m1", issuer: "https://issuer.test" });
    await expectCode(member.query(api.alerts.active, { site: "resp" }), "auth/forbidden");
    await t.mutation(internal.sites.setResponder, { site: "resp", tokenIdentifier: "https://issuer.test|m1", responder: true });
    expect(await member.query(api.alerts.active, { site: "resp" })).toHaveLength(1);
    await t.mutation(internal.sites.setResponder, { site: "resp", tokenIdentifier: "https://issuer.test|m1", responder: false });
    await expectCode(member.query(api.alerts.active, { site: "resp" }), "auth/forbidden");

    // The anonymous reporter still reads their own alert with the owner key.
    expect(await t.query(api.alerts.get, { alertId: r.alertId, ownerKey: r.ownerKey })).toMatchObject({ site: "resp" });
  });
});

describe("heartbeat:endStale (cron): pages without heartbeats", () => {
  test("ends alerts whose broadcaster went silent, keeps those still heard from", async () => {
    const t = await setup();
    const silent = await startAlert(t);
    const talking = await startAlert(t);
    advance(200_000);
    await t.mutation(api.locations.update, { alertId: talking.alertId, ownerKey: talking.ownerKey, lat: 1, lng: 1, accuracy: 5 });
    advance(100_001); // silent: 300 s since start (the default timeout); talking: 100 s since its fix
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(1);
    expect(await t.query(api.alerts.get, { alertId: silent.alertId })).toMatchObject({ status: "ended", endReason: "broadcaster-silent" });
    expect((await t.query(api.alerts.get, { alertId: talking.alertId }))?.status).toBe("active");
    advance(300_000);
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(1);
    expect((await t.query(api.alerts.get, { alertId: talking.alertId }))?.status).toBe("ended");
  });

  test("honours the site's silence timeout", async () => {
    const t = await setup();
    await addSite(t, "quick", "public", { silenceTimeoutSec: 30 });
    const { alertId } = await startAlert(t, { site: "quick" });
    const demo = await startAlert(t);
    advance(29_000);
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(0);
    advance(2_000);
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(1);
    expect((await t.query(api.alerts.get, { alertId }))?.status).toBe("ended");
    expect((await t.query(api.alerts.get, { alertId: demo.alertId }))?.status).toBe("active");
  });
});

describe("sites", () => {
  test("sites:get returns the public config, or null", async () => {
    const t = await setup();
    expect(await t.query(api.sites.get, { site: "demo" })).toEqual({
      site: "demo",
      name: "AlertRun Demo Campus",
      audience: "public",
      allowAnonymous: true,
      retentionDays: 30,
      viewerChat: false,
    });
    expect(await t.query(api.sites.get, { site: "nowhere" })).toBeNull();
  });

  test("seed:demo is idempotent and sites:upsert validates", async () => {
    const t = await setup();
    await t.mutation(internal.seed.demo, {});
    expect(await t.run((ctx) => ctx.db.query("sites").collect())).toHaveLength(1);
    await expectCode(
      t.mutation(internal.sites.upsert, { site: "x", name: "X", audience: "public", allowAnonymous: true, retentionDays: 0 }),
      "args/invalid",
    );
    await addSite(t, "demo", "responders");
    expect((await t.query(api.sites.get, { site: "demo" }))?.audience).toBe("responders");
  });
});

describe("owner keys", () => {
  test("derive from ALERTRUN_OWNER_KEY_SECRET: a different secret gives a different key", async () => {
    const t = await setup();
    const clientRequestId = requestId();
    const withDefault = await t.mutation(api.alerts.start, { site: "demo", clientRequestId });
    process.env.ALERTRUN_OWNER_KEY_SECRET = "production-secret-0123456789abcdef";
    try {
      const t2 = await setup();
      const withSecret = await t2.mutation(api.alerts.start, { site: "demo", clientRequestId });
      expect(withSecret.ownerKey).not.toBe(withDefault.ownerKey);
      await expectCode(t2.mutation(api.alerts.end, { alertId: withSecret.alertId, ownerKey: withDefault.ownerKey, reason: "x" }), "auth/forbidden");
    } finally {
      delete process.env.ALERTRUN_OWNER_KEY_SECRET;
    }
    await t.mutation(api.alerts.end, { alertId: withDefault.alertId, ownerKey: withDefault.ownerKey, reason: "x" });
  });
});
