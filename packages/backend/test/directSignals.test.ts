import { afterEach, describe, expect, test, vi } from "vitest";
import { addSite, advance, api, expectCode, internal, setup, startAlert, useFakeClock, type T } from "./setup";

useFakeClock();
afterEach(() => vi.unstubAllEnvs());

const responder = { subject: "r1", tokenIdentifier: "dev|r1", name: "Rae", role: "responder" };
const responder2 = { subject: "r2", tokenIdentifier: "dev|r2", name: "Sam", role: "responder" };
const stranger = { subject: "s1", tokenIdentifier: "dev|s1", name: "Stranger" };
const OFFER = JSON.stringify({ type: "offer", sdp: "v=0\r\n" });
const ANSWER = JSON.stringify({ type: "answer", sdp: "v=0\r\n" });

async function directAlert(t: T) {
  const owner = await startAlert(t);
  await t.mutation(api.directSignals.setMediaPath, { ...owner, path: "direct" });
  return owner;
}

describe("directSignals: who may read and write", () => {
  test("anonymous callers can neither read nor write signalling rows", async () => {
    const t = await setup();
    const { alertId } = await directAlert(t);
    await expectCode(t.mutation(api.directSignals.request, { alertId, peerId: "p1" }), "auth/required");
    await expectCode(t.query(api.directSignals.forViewer, { alertId, peerId: "p1" }), "auth/required");
    await expectCode(t.mutation(api.directSignals.answer, { alertId, peerId: "p1", attempt: 1, sdp: ANSWER }), "auth/required");
    await expectCode(t.mutation(api.directSignals.renew, { alertId, peerId: "p1" }), "auth/required");
    await expectCode(t.mutation(api.directSignals.leave, { alertId, peerId: "p1" }), "auth/required");
    await expectCode(t.query(api.directSignals.forReporter, { alertId }), "auth/forbidden");
    await expectCode(t.mutation(api.directSignals.offer, { alertId, peerId: "p1", attempt: 1, sdp: OFFER }), "auth/forbidden");
    await expectCode(t.mutation(api.directSignals.setMediaPath, { alertId, path: "sfu" }), "auth/forbidden");
  });

  test("a signed-in caller who is not a responder is refused, even on a public site", async () => {
    const t = await setup();
    const owner = await directAlert(t);
    const { alertId } = owner;
    await t.withIdentity(responder).mutation(api.directSignals.request, { alertId, peerId: "p1" });
    await t.mutation(api.directSignals.offer, { ...owner, peerId: "p1", attempt: 1, sdp: OFFER });
    const as = t.withIdentity(stranger);
    await expectCode(as.mutation(api.directSignals.request, { alertId, peerId: "p2" }), "auth/forbidden");
    await expectCode(as.query(api.directSignals.forViewer, { alertId, peerId: "p1" }), "auth/forbidden");
    await expectCode(as.mutation(api.directSignals.answer, { alertId, peerId: "p1", attempt: 1, sdp: ANSWER }), "auth/forbidden");
    await expectCode(as.mutation(api.directSignals.leave, { alertId, peerId: "p1" }), "auth/forbidden");
    await expectCode(as.query(api.directSignals.forReporter, { alertId }), "auth/forbidden");
    await expectCode(as.mutation(api.directSignals.offer, { alertId, peerId: "p1", attempt: 1, full: true }), "auth/forbidden");
    // Nothing the stranger tried changed the row.
    const seen = await t.withIdentity(responder).query(api.directSignals.forViewer, { alertId, peerId: "p1" });
    expect(seen.peer).toEqual({ attempt: 1, status: "offered", offer: OFFER });
  });

  test("a responder listed in the site's responders table is admitted without a role claim", async () => {
    const t = await setup();
    const { alertId } = await directAlert(t);
    await t.run(async (ctx) => {
      await ctx.db.insert("responders", { site: "demo", tokenIdentifier: stranger.tokenIdentifier });
    });
    expect(await t.withIdentity(stranger).mutation(api.directSignals.request, { alertId, peerId: "p1" })).toEqual({ attempt: 1 });
  });

  test("one responder cannot read, answer or take over another responder's row", async () => {
    const t = await setup();
    const owner = await directAlert(t);
    const { alertId } = owner;
    await t.withIdentity(responder).mutation(api.directSignals.request, { alertId, peerId: "p1" });
    await t.mutation(api.directSignals.offer, { ...owner, peerId: "p1", attempt: 1, sdp: OFFER });
    const other = t.withIdentity(responder2);
    expect((await other.query(api.directSignals.forViewer, { alertId, peerId: "p1" })).peer).toBeNull();
    expect(await other.mutation(api.directSignals.answer, { alertId, peerId: "p1", attempt: 1, sdp: ANSWER })).toBe(false);
    await expectCode(other.mutation(api.directSignals.request, { alertId, peerId: "p1" }), "auth/forbidden");
  });
});

describe("directSignals: the exchange", () => {
  test("request, offer, answer; a new request resets the attempt; back on the SFU the rows go", async () => {
    const t = await setup();
    const owner = await startAlert(t);
    const { alertId } = owner;
    expect((await t.query(api.alerts.get, { alertId }))?.mediaPath).toBe("sfu");
    await t.mutation(api.directSignals.setMediaPath, { ...owner, path: "direct" });
    const summary = await t.query(api.alerts.get, { alertId });
    expect(summary?.mediaPath).toBe("direct");
    expect(summary?.streamStatus).toBe("live");

    const r = t.withIdentity(responder);
    expect(await r.mutation(api.directSignals.request, { alertId, peerId: "p1" })).toEqual({ attempt: 1 });
    const forReporter = await t.query(api.directSignals.forReporter, owner);
    expect(forReporter).toEqual({ iceServers: [], iceTransportPolicy: "all", peers: [{ peerId: "p1", attempt: 1, status: "requested", answer: null }] });
    // An answer before any offer is ignored.
    expect(await r.mutation(api.directSignals.answer, { alertId, peerId: "p1", attempt: 1, sdp: ANSWER })).toBe(false);
    expect(await t.mutation(api.directSignals.offer, { ...owner, peerId: "p1", attempt: 1, sdp: OFFER })).toBe(true);
    expect((await r.query(api.directSignals.forViewer, { alertId, peerId: "p1" })).peer).toEqual({ attempt: 1, status: "offered", offer: OFFER });
    expect(await r.mutation(api.directSignals.answer, { alertId, peerId: "p1", attempt: 1, sdp: ANSWER })).toBe(true);
    expect((await t.query(api.directSignals.forReporter, owner)).peers[0]).toEqual({ peerId: "p1", attempt: 1, status: "answered", answer: ANSWER });

    // The connection failed: asking again drops the old offer; a late offer for attempt 1 misses.
    expect(await r.mutation(api.directSignals.request, { alertId, peerId: "p1" })).toEqual({ attempt: 2 });
    expect(await t.mutation(api.directSignals.offer, { ...owner, peerId: "p1", attempt: 1, sdp: OFFER })).toBe(false);
    expect((await r.query(api.directSignals.forViewer, { alertId, peerId: "p1" })).peer).toEqual({ attempt: 2, status: "requested", offer: null });

    // Beyond the broadcaster's cap: refused as full.
    await t.withIdentity(responder2).mutation(api.directSignals.request, { alertId, peerId: "p2" });
    expect(await t.mutation(api.directSignals.offer, { ...owner, peerId: "p2", attempt: 1, full: true })).toBe(true);
    expect((await t.withIdentity(responder2).query(api.directSignals.forViewer, { alertId, peerId: "p2" })).peer?.status).toBe("full");

    await t.mutation(api.directSignals.setMediaPath, { ...owner, path: "sfu" });
    expect((await t.query(api.alerts.get, { alertId }))?.mediaPath).toBe("sfu");
    expect(await t.run((ctx) => ctx.db.query("directPeers").collect())).toHaveLength(0);
  });

  test("rows expire, the sweep deletes them, and ended alerts reveal nothing", async () => {
    const t = await setup();
    const owner = await directAlert(t);
    const { alertId } = owner;
    const r = t.withIdentity(responder);
    await r.mutation(api.directSignals.request, { alertId, peerId: "p1" });
    advance(60_000);
    expect(await r.mutation(api.directSignals.renew, { alertId, peerId: "p1" })).toBe(true);
    advance(60_000);
    expect((await t.query(api.directSignals.forReporter, owner)).peers).toHaveLength(1);
    advance(31_000);
    expect((await t.query(api.directSignals.forReporter, owner)).peers).toHaveLength(0);
    await t.mutation(internal.directSignals.sweep, {});
    expect(await t.run((ctx) => ctx.db.query("directPeers").collect())).toHaveLength(0);

    await r.mutation(api.directSignals.request, { alertId, peerId: "p1" });
    await t.mutation(api.alerts.end, { ...owner, reason: "test" });
    expect((await r.query(api.directSignals.forViewer, { alertId, peerId: "p1" })).peer).toBeNull();
    expect((await t.query(api.directSignals.forReporter, owner)).peers).toEqual([]);
    await expectCode(r.mutation(api.directSignals.request, { alertId, peerId: "p1" }), "alert/ended");
    await t.mutation(internal.directSignals.sweep, {});
    expect(await t.run((ctx) => ctx.db.query("directPeers").collect())).toHaveLength(0);
  });

  test("requests are rate-limited per responder", async () => {
    const t = await setup();
    const { alertId } = await directAlert(t);
    const r = t.withIdentity(responder);
    for (let i = 0; i < 12; i++) await r.mutation(api.directSignals.request, { alertId, peerId: "p1" });
    const data = await expectCode(r.mutation(api.directSignals.request, { alertId, peerId: "p1" }), "rate-limited");
    expect(data.retryAfterMs).toBeGreaterThan(0);
  });

  test("bad input is refused with args/invalid", async () => {
    const t = await setup();
    const owner = await directAlert(t);
    const r = t.withIdentity(responder);
    await expectCode(r.mutation(api.directSignals.request, { alertId: owner.alertId, peerId: "" }), "args/invalid");
    await r.mutation(api.directSignals.request, { alertId: owner.alertId, peerId: "p1" });
    await expectCode(t.mutation(api.directSignals.offer, { ...owner, peerId: "p1", attempt: 1, sdp: "x".repeat(20_001) }), "args/invalid");
    await expectCode(t.mutation(api.directSignals.offer, { ...owner, peerId: "p1", attempt: 1 }), "args/invalid");
  });

  test("ICE servers and the relay-only policy come from the deployment's environment", async () => {
    vi.stubEnv("ALERTRUN_ICE_SERVERS", JSON.stringify([{ urls: "stun:stun.example.org:3478" }, { urls: ["turn:turn.example.org"], username: "u", credential: "c" }]));
    vi.stubEnv("ALERTRUN_ICE_TRANSPORT_POLICY", "relay");
    const t = await setup();
    const owner = await directAlert(t);
    const config = await t.withIdentity(responder).query(api.directSignals.forViewer, { alertId: owner.alertId, peerId: "p1" });
    expect(config.iceServers).toEqual([{ urls: "stun:stun.example.org:3478" }, { urls: ["turn:turn.example.org"], username: "u", credential: "c" }]);
    expect(config.iceTransportPolicy).toBe("relay");
    vi.stubEnv("ALERTRUN_ICE_SERVERS", "not json");
    await expectCode(t.query(api.directSignals.forReporter, owner), "config/missing");
  });

  test("on a responders-only site the owner still signals with the owner key", async () => {
    const t = await setup();
    await addSite(t, "locked", "responders");
    const owner = await startAlert(t, { site: "locked" });
    await t.mutation(api.directSignals.setMediaPath, { ...owner, path: "direct" });
    await t.withIdentity(responder).mutation(api.directSignals.request, { alertId: owner.alertId, peerId: "p1" });
    expect((await t.query(api.directSignals.forReporter, owner)).peers).toHaveLength(1);
  });
});
