import { describe, expect, test } from "vitest";
import { AccessToken } from "livekit-server-sdk";
import { advance, api, internal, postWebhook, roomOf, setup, signWebhook, startAlert, useFakeClock, type T } from "./setup";

useFakeClock();

async function alertDoc(t: T, alertId: string) {
  return t.run(async (ctx) => ctx.db.get(ctx.db.normalizeId("alerts", alertId)!));
}

describe("POST /livekit/webhook", () => {
  test("publisher's track makes the stream live; leaving makes it pending; room end ends it", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    expect((await postWebhook(t, "participant_joined", room, "reporter")).status).toBe(200);
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("pending");
    await postWebhook(t, "track_published", room, "reporter");
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("live");
    // A viewer's track (they cannot publish, but be safe) does not change the stream.
    await postWebhook(t, "participant_left", room, "reporter");
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("pending");
    await postWebhook(t, "track_published", room, "viewer:x");
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("pending");
    await postWebhook(t, "room_finished", room);
    expect((await t.query(api.alerts.get, { alertId }))?.streamStatus).toBe("ended");
  });

  test("viewer counts follow joins and leaves", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await postWebhook(t, "participant_joined", room, "viewer:a");
    await postWebhook(t, "participant_joined", room, "viewer:b");
    await postWebhook(t, "participant_joined", room, "viewer:b"); // repeated join counts once
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(2);
    await postWebhook(t, "participant_left", room, "viewer:a");
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(1);
    await postWebhook(t, "participant_left", room, "viewer:a"); // repeated leave changes nothing
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(1);
    await postWebhook(t, "room_finished", room);
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(0);
  });

  test("unsigned, forged and tampered webhooks get 401 and change nothing", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    const before = await alertDoc(t, alertId);
    const body = JSON.stringify({ event: "track_published", id: "EV_forged", room: { name: room }, participant: { identity: "reporter" } });

    const unsigned = await t.fetch("/livekit/webhook", { method: "POST", body });
    expect(unsigned.status).toBe(401);

    const wrongSecret = await t.fetch("/livekit/webhook", {
      method: "POST",
      headers: { Authorization: await signWebhook(body, "devkey", "not-the-secret") },
      body,
    });
    expect(wrongSecret.status).toBe(401);

    const wrongKey = await t.fetch("/livekit/webhook", {
      method: "POST",
      headers: { Authorization: await signWebhook(body, "otherkey", "secret") },
      body,
    });
    expect(wrongKey.status).toBe(401);

    // A genuine signature for a different body.
    const tampered = await t.fetch("/livekit/webhook", {
      method: "POST",
      headers: { Authorization: await signWebhook(body.replace("track_published", "room_started")) },
      body,
    });
    expect(tampered.status).toBe(401);

    // A valid JWT without the body hash claim.
    const noHash = await t.fetch("/livekit/webhook", {
      method: "POST",
      headers: { Authorization: await new AccessToken("devkey", "secret").toJwt() },
      body,
    });
    expect(noHash.status).toBe(401);

    expect(await alertDoc(t, alertId)).toEqual(before);
    expect(await t.run((ctx) => ctx.db.query("webhookEvents").collect())).toHaveLength(0);
  });

  test("a redelivered event is applied once; unknown rooms are ignored", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await postWebhook(t, "participant_joined", room, "viewer:a", { id: "EV_same" });
    const again = await postWebhook(t, "participant_joined", room, "viewer:b", { id: "EV_same" });
    expect(await again.text()).toBe("duplicate");
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(1);
    const unknown = await postWebhook(t, "participant_joined", "ar_not_a_room", "viewer:c");
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe("ignored");
  });

  test("participant-minutes: 1 broadcaster × 10 min + 50 viewers × 5 min = 260 min ≈ $1.04", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await postWebhook(t, "participant_joined", room, "reporter");
    advance(5 * 60_000);
    for (let i = 0; i < 50; i++) await postWebhook(t, "participant_joined", room, `viewer:v${i}`);
    expect((await t.query(api.alerts.get, { alertId }))?.viewerCount).toBe(50);
    advance(5 * 60_000);
    for (let i = 0; i < 50; i++) await postWebhook(t, "participant_left", room, `viewer:v${i}`);
    await postWebhook(t, "participant_left", room, "reporter");
    const usage = await t.query(internal.alerts.usage, { alertId });
    expect(usage.publisherMinutes).toBe(10);
    expect(usage.viewerMinutes).toBe(250);
    expect(usage.participantMinutes).toBe(260);
    expect(usage.estimatedCostUsd).toBe(1.04);
  });

  test("room_finished closes still-open participants for accounting", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await postWebhook(t, "participant_joined", room, "reporter");
    await postWebhook(t, "participant_joined", room, "viewer:a");
    advance(60_000);
    await postWebhook(t, "room_finished", room);
    const usage = await t.query(internal.alerts.usage, { alertId });
    expect(usage.participantMinutes).toBe(2);
  });

  test("a connected publisher keeps the alert alive through the silence cron", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const room = await roomOf(t, alertId);
    await postWebhook(t, "participant_joined", room, "reporter");
    await postWebhook(t, "track_published", room, "reporter");
    advance(400_000);
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(0);
    expect((await t.query(api.alerts.get, { alertId }))?.status).toBe("active");
    await postWebhook(t, "participant_left", room, "reporter");
    advance(299_000);
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(0);
    advance(2_000);
    expect(await t.mutation(internal.heartbeat.endStale, {})).toBe(1);
  });

  test("cleanup forgets old webhook ids", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    await postWebhook(t, "participant_joined", await roomOf(t, alertId), "viewer:a");
    advance(86_400_001);
    await t.mutation(internal.webhooks.cleanup, {});
    expect(await t.run((ctx) => ctx.db.query("webhookEvents").collect())).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.query("rateLimits").collect())).toHaveLength(0);
  });
});
