import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, test } from "vitest";
import { addSite, advance, api, decodeJwt, expectCode, setup, startAlert, T0, useFakeClock } from "./setup";

useFakeClock();

type Video = Record<string, unknown>;

describe("media:publishToken", () => {
  test("owner gets a camera+microphone publish grant for this alert's room only, ≤ 10 min", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const result = await t.action(api.media.publishToken, { alertId, ownerKey });
    expect(result.url).toBe("ws://127.0.0.1:7880");
    expect(result.identity).toBe("reporter");
    expect(result.room).toMatch(/^ar_/);
    expect(result.room).not.toContain(alertId);
    expect(result.expiresAt).toBe(T0 + 600_000);
    const claims = decodeJwt(result.token);
    // Signed with the LiveKit secret, as a LiveKit server will check.
    expect(await new TokenVerifier("devkey", "secret").verify(result.token)).toMatchObject({ sub: "reporter" });
    await expect(new TokenVerifier("devkey", "wrong").verify(result.token)).rejects.toThrow();
    expect(claims.iss).toBe("devkey");
    expect(claims.sub).toBe("reporter");
    expect((claims.exp as number) - (claims.nbf as number)).toBeLessThanOrEqual(600);
    expect(claims.exp).toBe(Math.floor(result.expiresAt / 1000));
    expect(claims.video as Video).toEqual({
      room: result.room,
      roomJoin: true,
      canPublish: true,
      canPublishSources: ["camera", "microphone"],
      canSubscribe: true,
      canPublishData: true,
    });
    // Tokens for the same alert share the room; another alert has another room.
    const other = await startAlert(t);
    const otherToken = await t.action(api.media.publishToken, other);
    expect(otherToken.room).not.toBe(result.room);
  });

  test("non-owners, wrong keys and ended alerts are refused", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const other = await startAlert(t);
    await expectCode(t.action(api.media.publishToken, { alertId }), "auth/forbidden");
    await expectCode(t.action(api.media.publishToken, { alertId, ownerKey: other.ownerKey }), "auth/forbidden");
    await expectCode(t.withIdentity({ subject: "x", role: "responder" }).action(api.media.publishToken, { alertId }), "auth/forbidden");
    await expectCode(t.action(api.media.publishToken, { alertId: "bogus", ownerKey }), "alert/not-found");
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    await expectCode(t.action(api.media.publishToken, { alertId, ownerKey }), "alert/ended");
  });

  test("a token request counts as a sign of life", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    advance(250_000);
    await t.action(api.media.publishToken, { alertId, ownerKey });
    const doc = await t.run(async (ctx) => ctx.db.get(ctx.db.normalizeId("alerts", alertId)!));
    expect(doc?.lastSeenAt).toBe(T0 + 250_000);
  });

  test("uses LIVEKIT_* environment variables when set", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    process.env.LIVEKIT_URL = "wss://example.livekit.cloud";
    process.env.LIVEKIT_API_KEY = "APIkey123";
    process.env.LIVEKIT_API_SECRET = "a-much-longer-production-secret-value";
    try {
      const result = await t.action(api.media.publishToken, { alertId, ownerKey });
      expect(result.url).toBe("wss://example.livekit.cloud");
      expect(decodeJwt(result.token).iss).toBe("APIkey123");
    } finally {
      delete process.env.LIVEKIT_URL;
      delete process.env.LIVEKIT_API_KEY;
      delete process.env.LIVEKIT_API_SECRET;
    }
  });
});

describe("media:viewToken", () => {
  test("a viewer's JWT carries no publish grant", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const publish = await t.action(api.media.publishToken, { alertId, ownerKey });
    const view = await t.action(api.media.viewToken, { alertId, viewerId: "v-1", displayName: "  Guard   Bo " });
    expect(view.room).toBe(publish.room);
    expect(view.identity).toMatch(/^viewer:v-1#[A-Za-z0-9_-]{16}$/);
    expect(view.expiresAt).toBe(T0 + 600_000);
    const claims = decodeJwt(view.token);
    expect(claims.name).toBe("Guard Bo");
    const video = claims.video as Video;
    expect(video).toEqual({ room: view.room, roomJoin: true, canPublish: false, canSubscribe: true, canPublishData: false });
    expect(video.canPublish).toBe(false); // explicit: an absent canPublish means "allowed" to LiveKit
    expect(video).not.toHaveProperty("canPublishSources");
    expect(video).not.toHaveProperty("roomAdmin");
  });

  test("refused where the audience policy refuses the caller", async () => {
    const t = await setup();
    await addSite(t, "resp", "responders");
    await addSite(t, "signed", "signed-in");
    const r = await startAlert(t, { site: "resp" });
    const s = await startAlert(t, { site: "signed" });
    await expectCode(t.action(api.media.viewToken, { alertId: r.alertId, viewerId: "v" }), "auth/required");
    await expectCode(t.withIdentity({ subject: "u" }).action(api.media.viewToken, { alertId: r.alertId, viewerId: "v" }), "auth/forbidden");
    const ok = await t.withIdentity({ subject: "r", role: "responder", name: "Officer K" }).action(api.media.viewToken, { alertId: r.alertId, viewerId: "v" });
    expect(decodeJwt(ok.token).name).toBe("Officer K");
    await expectCode(t.action(api.media.viewToken, { alertId: s.alertId, viewerId: "v" }), "auth/required");
    await t.withIdentity({ subject: "u" }).action(api.media.viewToken, { alertId: s.alertId, viewerId: "v" });
  });

  test("bad viewer ids, unknown and ended alerts are refused", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "" }), "args/invalid");
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "has space" }), "args/invalid");
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "v", displayName: "n".repeat(41) }), "args/invalid");
    await expectCode(t.action(api.media.viewToken, { alertId: "nope", viewerId: "v" }), "alert/not-found");
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "v" }), "alert/ended");
  });
});

describe("viewer identities (one per viewing session)", () => {
  test("two sessions of one viewer get different identities; a session keeps its identity on refresh", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const tabA = "tab-a-0123456789abcdef";
    const tabB = "tab-b-0123456789abcdef";
    const a1 = await t.action(api.media.viewToken, { alertId, viewerId: "v-1", session: tabA });
    const a2 = await t.action(api.media.viewToken, { alertId, viewerId: "v-1", session: tabA });
    const b = await t.action(api.media.viewToken, { alertId, viewerId: "v-1", session: tabB });
    expect(a2.identity).toBe(a1.identity);
    expect(b.identity).not.toBe(a1.identity);
    expect(decodeJwt(a1.token).sub).toBe(a1.identity);
    // Without a session every token gets a fresh identity.
    const x = await t.action(api.media.viewToken, { alertId, viewerId: "v-1" });
    const y = await t.action(api.media.viewToken, { alertId, viewerId: "v-1" });
    expect(x.identity).not.toBe(y.identity);
  });

  test("another viewer reusing a viewer id cannot obtain that viewer's identity", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const victim = await t.action(api.media.viewToken, { alertId, viewerId: "victim", session: "victim-session-0123456789" });
    // The attacker sees the victim's identity in the room, but not its session.
    for (const session of ["attacker-session-000000", "victim", victim.identity.split("#")[1]!.padEnd(16, "x")]) {
      const forged = await t.action(api.media.viewToken, { alertId, viewerId: "victim", session: session.replace(/[^A-Za-z0-9_-]/g, "x").padEnd(16, "x") });
      expect(forged.identity).not.toBe(victim.identity);
    }
    expect((await t.action(api.media.viewToken, { alertId, viewerId: "victim" })).identity).not.toBe(victim.identity);
  });

  test("a malformed session is refused", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "v", session: "short" }), "args/invalid");
    await expectCode(t.action(api.media.viewToken, { alertId, viewerId: "v", session: "has space in it 0123456" }), "args/invalid");
  });
});
