// The trust findings of issue 10 that live in the backend: presses are never starved, secrets are
// not in the database, production fails closed, viewers stay on their site, text is not bidi.
import { describe, expect, test } from "vitest";
import { LIMITS } from "../convex/lib/rateLimit";
import { addSite, advance, api, decodeJwt, expectCode, internal, requestId, setup, startAlert, useFakeClock } from "./setup";

useFakeClock();

describe("a real press always gets through", () => {
  test("100 distinct anonymous presses within 60 s each get their alert at once", async () => {
    const t = await setup();
    const ids = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const { alertId } = await startAlert(t); // no retry, no wait: the first call succeeds
      ids.add(alertId);
      advance(590);
    }
    expect(ids.size).toBe(100);
    expect(await t.query(api.alerts.active, { site: "demo" })).toHaveLength(100);
  });

  test("a flood of anonymous starts does not refuse or delay another person's press", async () => {
    const t = await setup();
    // The attacker: 25 starts at once, then one per second.
    for (let i = 0; i < 25; i++) await startAlert(t, { category: "flood" });
    for (let i = 0; i < 30; i++) {
      advance(1_000);
      await startAlert(t, { category: "flood" });
    }
    const real = await startAlert(t, { category: "medical" });
    expect((await t.query(api.alerts.get, { alertId: real.alertId, ownerKey: real.ownerKey }))?.category).toBe("medical");
  });

  test("a flood of bare starts cannot push a real alert off the dashboard", async () => {
    const t = await setup();
    const real = await startAlert(t, { category: "medical" });
    // What core does at once after the press: a publish token and a location fix.
    await t.action(api.media.publishToken, real);
    advance(1_000);
    const located = await startAlert(t, { category: "fire" });
    await t.mutation(api.locations.update, { ...located, lat: 1, lng: 1, accuracy: 5 });
    for (let i = 0; i < 150; i++) {
      advance(100);
      await startAlert(t, { category: "flood" });
    }
    const listed = await t.query(api.alerts.active, { site: "demo" });
    expect(listed).toHaveLength(100);
    const ids = listed.map((a) => a.alertId);
    expect(ids).toContain(real.alertId);
    expect(ids).toContain(located.alertId);
    // Still newest first.
    expect(listed.map((a) => a.startedAt)).toEqual([...listed.map((a) => a.startedAt)].sort((a, b) => b - a));
  });

  test("a signed-in identity has its own bucket, which nobody else's starts drain", async () => {
    const t = await setup();
    const user = t.withIdentity({ subject: "flooder" });
    for (let i = 0; i < 3; i++) await user.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() });
    await expectCode(user.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() }), "rate-limited");
    await t.withIdentity({ subject: "someone-else" }).mutation(api.alerts.start, { site: "demo", clientRequestId: requestId() });
    await startAlert(t);
  });
});

describe("secrets", () => {
  test("the database holds no raw clientRequestId; a retry still returns the same alert and key", async () => {
    const t = await setup();
    const clientRequestId = requestId();
    const first = await t.mutation(api.alerts.start, { site: "demo", clientRequestId });
    const docs = await t.run(async (ctx) => ({ alerts: await ctx.db.query("alerts").collect(), buckets: await ctx.db.query("rateLimits").collect() }));
    expect(JSON.stringify(docs)).not.toContain(clientRequestId);
    expect(docs.alerts[0]?.requestHash).toMatch(/^[0-9a-f]{64}$/);
    advance(10_000);
    expect(await t.mutation(api.alerts.start, { site: "demo", clientRequestId })).toEqual(first);
  });

  const SECRETS = ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "ALERTRUN_OWNER_KEY_SECRET"] as const;

  async function withEnv(env: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    try {
      await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  const production = {
    ALERTRUN_DEV_DEPLOYMENT: undefined,
    LIVEKIT_URL: "wss://example.livekit.cloud",
    LIVEKIT_API_KEY: "APIprod",
    LIVEKIT_API_SECRET: "a-long-production-secret-value-0123456789",
    ALERTRUN_OWNER_KEY_SECRET: "owner-key-secret-0123456789abcdef0123456789",
  };

  for (const missing of SECRETS) {
    test(`a deployment without ${missing} refuses with config/missing`, async () => {
      const t = await setup();
      const { alertId, ownerKey } = await startAlert(t); // created while still a dev deployment
      await withEnv({ ...production, [missing]: undefined }, async () => {
        const data = await expectCode(startAlert(t), "config/missing");
        expect(data.message).toContain(missing);
        await expectCode(t.action(api.media.publishToken, { alertId, ownerKey }), "config/missing");
        await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "v" }), "config/missing");
      });
    });
  }

  test("with every secret set, a production deployment works; the dev flag alone allows defaults", async () => {
    const t = await setup();
    await withEnv(production, async () => {
      const { alertId, ownerKey } = await startAlert(t);
      const token = await t.action(api.media.publishToken, { alertId, ownerKey });
      expect(token.url).toBe("wss://example.livekit.cloud");
    });
    await withEnv({ ...Object.fromEntries(SECRETS.map((k) => [k, undefined])), ALERTRUN_DEV_DEPLOYMENT: "1" }, async () => {
      const { alertId, ownerKey } = await startAlert(t);
      expect((await t.action(api.media.publishToken, { alertId, ownerKey })).url).toBe("ws://127.0.0.1:7880");
    });
    // Anything but "1" is not a development deployment.
    await withEnv({ ...Object.fromEntries(SECRETS.map((k) => [k, undefined])), ALERTRUN_DEV_DEPLOYMENT: "true" }, async () => {
      await expectCode(startAlert(t), "config/missing");
    });
  });
});

describe("viewers are shown as what they are", () => {
  test("a LiveKit viewer token names an anonymous or signed-in viewer 'Viewer', a responder 'Responder'", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const anon = await t.action(api.media.viewToken, { alertId, viewerId: "a" });
    expect(decodeJwt(anon.token).name).toBe("Viewer");
    const signed = await t.withIdentity({ subject: "s" }).action(api.media.viewToken, { alertId, viewerId: "s" });
    expect(decodeJwt(signed.token).name).toBe("Viewer");
    const responder = await t.withIdentity({ subject: "r", role: "responder" }).action(api.media.viewToken, { alertId, viewerId: "r" });
    expect(decodeJwt(responder.token).name).toBe("Responder");
  });
});

describe("sites and alerts stay apart", () => {
  test("alerts:get with a site returns null for another site's alert", async () => {
    const t = await setup();
    await addSite(t, "other", "public");
    const a = await startAlert(t, { site: "other" });
    expect(await t.query(api.alerts.get, { alertId: a.alertId, site: "demo" })).toBeNull();
    expect(await t.query(api.alerts.get, { alertId: a.alertId, site: "other" })).toMatchObject({ site: "other" });
    expect(await t.query(api.alerts.get, { alertId: a.alertId })).toMatchObject({ site: "other" });
  });
});

describe("text fields refuse bidi control characters", () => {
  const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];

  test("category", async () => {
    const t = await setup();
    for (const c of BIDI) await expectCode(startAlert(t, { category: `fire${c}erif` }), "args/invalid");
    await startAlert(t, { category: "fire — שריפה" }); // right-to-left text itself is fine
  });

  test("site names (sites:upsert)", async () => {
    const t = await setup();
    await expectCode(
      t.mutation(internal.sites.upsert, { site: "y", name: "Campus\u202E", audience: "public", allowAnonymous: true, retentionDays: 1 }),
      "args/invalid",
    );
  });

  test("viewer display names (media:viewToken)", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "v", displayName: "Police\u202E" }), "args/invalid");
    // A name from the identity provider is cleaned rather than refused: a bad claim must not lock
    // a responder out of watching.
    const token = await t.withIdentity({ subject: "r", role: "responder", name: "Ofc\u202E Kay" }).action(api.media.viewToken, { alertId, viewerId: "r" });
    expect(token.token.split(".")).toHaveLength(3);
  });
});

describe("cost abuse: tokens and viewer counts", () => {
  test("one anonymous client rotating viewerIds cannot inflate the viewer count without bound", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    let count = 0;
    // 1,000 fake viewers over 20 s, re-beating to stay present: the count saturates.
    for (let i = 0; i < 1_000; i++) {
      count = (await t.mutation(api.presence.heartbeat, { alertId, viewerId: `fake${i}` })).viewerCount;
      if (i % 50 === 49) advance(1_000);
    }
    // Bound: the per-alert join bucket (capacity + refill over the run).
    expect(count).toBeLessThanOrEqual(100 + 2 * 20 + 1);
    expect(count).toBeGreaterThan(0);
  });

  test("media:viewToken is limited per viewer and per alert", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const perViewer = LIMITS.viewTokenPerViewer.capacity;
    for (let i = 0; i < perViewer; i++) await t.action(api.media.viewToken, { alertId, viewerId: "same" });
    const data = await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "same" }), "rate-limited");
    expect(data.retryAfterMs).toBeGreaterThan(0);
    // Another viewer is unaffected; rotating ids meets the per-alert bucket.
    await t.action(api.media.viewToken, { alertId, viewerId: "other" });
    let refused = false;
    for (let i = 0; i < 400 && !refused; i++) {
      refused = await t.action(api.media.viewToken, { alertId, viewerId: `rot${i}` }).then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
    // A signed-in viewer is one viewer whatever viewerId it sends.
    const user = t.withIdentity({ subject: "u" });
    const b = await startAlert(t);
    for (let i = 0; i < perViewer; i++) await user.action(api.media.viewToken, { alertId: b.alertId, viewerId: `tab${i}` });
    await expectCode(user.action(api.media.viewToken, { alertId: b.alertId, viewerId: "tab-next" }), "rate-limited");
  });
});
