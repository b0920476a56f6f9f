// Liveness: the reporter's heartbeat, "reporter offline", the maximum lifetime, sid-keyed
// participant rows under lost, duplicated and reordered webhooks, and reconciliation with
// LiveKit's room service (the devkit's Twirp handler on a loopback port).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRoomServiceHandler } from "../../devkit/src/sfu/room-service";
import { addSite, advance, api, internal, roomOf, setup, signWebhook, startAlert, useFakeClock, type T } from "./setup";

useFakeClock();
// Reconciliations the sweep schedules must not reach a LiveKit that happens to run on this
// machine: port 9 (discard) refuses, so they fail the way an unreachable room service does.
beforeEach(() => {
  process.env.LIVEKIT_URL = "ws://127.0.0.1:9";
});

let eventCounter = 0;
/** A signed webhook as LiveKit sends it, with the participant's sid. */
async function hook(t: T, event: string, room: string, participant?: { identity: string; sid: string }, id?: string) {
  eventCounter++;
  const body = JSON.stringify({
    event,
    id: id ?? `EV_live_${eventCounter}`,
    room: { name: room },
    ...(participant ? { participant } : {}),
    createdAt: String(Math.floor(Date.now() / 1000)),
  });
  const response = await t.fetch("/livekit/webhook", {
    method: "POST",
    headers: { "Content-Type": "application/webhook+json", Authorization: await signWebhook(body) },
    body,
  });
  expect(response.status).toBe(200);
  return response.text();
}

const reporter = (sid: string) => ({ identity: "reporter", sid });
const sweep = (t: T) => t.mutation(internal.heartbeat.endStale, {});
const status = async (t: T, alertId: string) => (await t.query(api.alerts.get, { alertId }))?.status;

describe("heartbeat:beat", () => {
  test("a reporter with no media, no location and no chat stays live while the page beats", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    for (let s = 0; s < 900; s += 10) {
      advance(10_000);
      expect(await t.mutation(api.heartbeat.beat, { alertId, ownerKey })).toEqual({ active: true, intervalMs: 10_000 });
      expect(await sweep(t)).toBe(0);
    }
    expect(await status(t, alertId)).toBe("active");
    // The page closes: the silence timeout (300 s) runs from the last beat.
    advance(299_000);
    expect(await sweep(t)).toBe(0);
    advance(2_000);
    expect(await sweep(t)).toBe(1);
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({ status: "ended", endReason: "broadcaster-silent" });
    expect(await t.mutation(api.heartbeat.beat, { alertId, ownerKey })).toMatchObject({ active: false });
  });

  test("only the owner may beat", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await expect(t.mutation(api.heartbeat.beat, { alertId, ownerKey: "x".repeat(43) })).rejects.toThrow();
    await expect(t.mutation(api.heartbeat.beat, { alertId })).rejects.toThrow();
  });

  test("beats do not rewrite the alert (dashboards are not re-run per beat)", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await t.mutation(api.heartbeat.beat, { alertId, ownerKey });
    const before = await t.run(async (ctx) => ctx.db.get(ctx.db.normalizeId("alerts", alertId)!));
    for (let i = 0; i < 5; i++) {
      advance(10_000);
      await t.mutation(api.heartbeat.beat, { alertId, ownerKey });
    }
    const after = await t.run(async (ctx) => ctx.db.get(ctx.db.normalizeId("alerts", alertId)!));
    expect(after).toEqual(before);
  });

  test("responders see the reporter go offline and come back", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await t.mutation(api.heartbeat.beat, { alertId, ownerKey });
    const lastBeat = Date.now();
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({ reporterOnline: true });
    advance(26_000);
    await sweep(t);
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({ reporterOnline: false, reporterLastSeenAt: lastBeat });
    const [summary] = await t.query(api.alerts.active, { site: "demo" });
    expect(summary).toMatchObject({ alertId, reporterOnline: false, reporterLastSeenAt: lastBeat });
    advance(5_000);
    await t.mutation(api.heartbeat.beat, { alertId, ownerKey });
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({ reporterOnline: true, reporterLastSeenAt: Date.now() });
  });
});

describe("maximum lifetime", () => {
  test("an alert ends after its site's maximum lifetime, however alive", async () => {
    const t = await setup();
    await addSite(t, "short", "public");
    await t.run(async (ctx) => {
      const site = await ctx.db.query("sites").withIndex("by_slug", (q) => q.eq("slug", "short")).unique();
      await ctx.db.patch(site!._id, { maxLifetimeSec: 1_200 });
    });
    const short = await startAlert(t, { site: "short" });
    const demo = await startAlert(t);
    for (let s = 0; s < 1_200; s += 10) {
      advance(10_000);
      await t.mutation(api.heartbeat.beat, short);
      await t.mutation(api.heartbeat.beat, demo);
      await sweep(t);
    }
    advance(10_000);
    await sweep(t);
    expect(await t.query(api.alerts.get, { alertId: short.alertId })).toMatchObject({ status: "ended", endReason: "max-lifetime" });
    expect(await status(t, demo.alertId)).toBe("active");
  });
});

describe("webhooks keyed by participant sid", () => {
  test("a lost participant_left cannot keep an abandoned alert alive: reconciliation closes it", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    await hook(t, "track_published", room, reporter("PA_1"));
    // The page and its connection are gone, and LiveKit's participant_left never arrives.
    advance(301_000);
    expect(await sweep(t)).toBe(0); // webhooks and heartbeats disagree: ask LiveKit first
    expect(await status(t, alertId)).toBe("active");
    // LiveKit's room service answers: nobody is in the room.
    expect(await t.mutation(internal.reconcile.applyRoom, { alertId: alertId as never, present: [] })).toEqual({
      closed: 1,
      publisherPresent: false,
    });
    expect(await sweep(t)).toBe(0); // the deadline is the reconcile grace
    advance(31_000);
    expect(await sweep(t)).toBe(1);
    expect(await t.query(api.alerts.get, { alertId })).toMatchObject({ status: "ended", endReason: "broadcaster-silent" });
  });

  test("without an answer from LiveKit, the alert still ends after the grace", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    advance(301_000);
    expect(await sweep(t)).toBe(0);
    advance(31_000);
    expect(await sweep(t)).toBe(1);
  });

  test("a publisher LiveKit confirms is a sign of life", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    advance(301_000);
    await sweep(t);
    await t.mutation(internal.reconcile.applyRoom, { alertId: alertId as never, present: [reporter("PA_1")] });
    advance(200_000);
    expect(await sweep(t)).toBe(0);
    expect(await status(t, alertId)).toBe("active");
  });

  test("participant_left before its join leaves the connection closed", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_left", room, reporter("PA_1"));
    await hook(t, "participant_joined", room, reporter("PA_1"));
    await hook(t, "track_published", room, reporter("PA_1"));
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("pending");
    advance(301_000);
    expect(await sweep(t)).toBe(1); // nothing claims the publisher is there: no reconcile needed
  });

  test("a reconnect's join before the old connection's leave keeps the stream live", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    await hook(t, "track_published", room, reporter("PA_1"));
    await hook(t, "participant_joined", room, reporter("PA_2"));
    await hook(t, "track_published", room, reporter("PA_2"));
    await hook(t, "participant_left", room, reporter("PA_1"));
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("live");
    await hook(t, "participant_left", room, reporter("PA_2"));
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("pending");
  });

  test("duplicated deliveries and repeated joins under new event ids count once", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    const viewer = { identity: "viewer:a", sid: "PA_v1" };
    expect(await hook(t, "participant_joined", room, viewer, "EV_dup")).toBe("applied");
    expect(await hook(t, "participant_joined", room, viewer, "EV_dup")).toBe("duplicate");
    await hook(t, "participant_joined", room, viewer); // LiveKit retry with a new id
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(1);
    await hook(t, "participant_left", room, viewer);
    await hook(t, "participant_left", room, viewer);
    await hook(t, "participant_left", room, { identity: "viewer:b", sid: "PA_v2" }); // left without join
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(0);
  });
});

describe("reconcile:checkRoom against a Twirp room service", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  async function roomService(participants: (room: string) => { sid: string; identity: string }[] | null): Promise<void> {
    const handle = createRoomServiceHandler({ apiKey: "devkey", apiSecret: "secret", participants });
    server = createServer((req, res) => {
      void handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    process.env.LIVEKIT_URL = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  test("closes connections LiveKit does not list and keeps a listed publisher", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    await hook(t, "participant_joined", room, { identity: "viewer:gone", sid: "PA_v" });
    await roomService((r) => (r === room ? [{ sid: "PA_1", identity: "reporter" }] : null));
    await t.action(internal.reconcile.checkRoom, { alertId: alertId as never, room });
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(0);
    advance(299_000);
    expect(await sweep(t)).toBe(0);
  });

  test("a room LiveKit does not know is empty", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    await roomService(() => null);
    await t.action(internal.reconcile.checkRoom, { alertId: alertId as never, room });
    advance(301_000);
    expect(await sweep(t)).toBe(1);
  });
});

describe("reconcile:checkRoom without a room service", () => {
  test("a server that does not speak Twirp changes nothing (no room is presumed empty)", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await hook(t, "participant_joined", room, reporter("PA_1"));
    const server = createServer((_req, res) => res.writeHead(404).end("not here"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    process.env.LIVEKIT_URL = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await t.action(internal.reconcile.checkRoom, { alertId: alertId as never, room });
      const rows = await t.run((ctx) => ctx.db.query("participants").collect());
      expect(rows.map((r) => r.leftAt)).toEqual([undefined]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
