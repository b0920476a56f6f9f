import { describe, expect, test } from "vitest";
import { TokenVerifier } from "livekit-server-sdk";
import { advance, api, decodeJwt, expectCode, postWebhook, requestId, roomOf, setup, T0, useFakeClock } from "./setup";

useFakeClock();

const press = () => ({ site: "demo", clientRequestId: requestId() });

describe("reservations:reserve (issue 13: publish during the hold)", () => {
  test("a press's reserved room is the room its alert names, and the token admits only it", async () => {
    const t = await setup();
    const args = press();
    const token = await t.action(api.reservations.reserve, args);
    expect(token.room).toMatch(/^ar_/);
    expect(token.identity).toBe("reporter");
    expect(token.expiresAt).toBe(T0 + 60_000);
    expect(await new TokenVerifier("devkey", "secret").verify(token.token)).toMatchObject({ sub: "reporter" });
    expect(decodeJwt(token.token).video).toEqual({
      room: token.room,
      roomJoin: true,
      canPublish: true,
      canPublishSources: ["camera", "microphone"],
      canSubscribe: true,
      canPublishData: true,
    });
    // Nothing lists the room before the alert exists.
    expect(await t.query(api.alerts.active, { site: "demo" })).toEqual([]);
    const owner = await t.mutation(api.alerts.start, args);
    expect(await roomOf(t, owner.alertId)).toBe(token.room);
    expect((await t.action(api.media.publishToken, owner)).room).toBe(token.room);
    // Once the alert exists the reservation is closed: tokens come from media:publishToken.
    await expectCode(t.action(api.reservations.reserve, args), "reservation/closed");
    // Another press gets another room.
    expect((await t.action(api.reservations.reserve, press())).room).not.toBe(token.room);
  });

  test("what the media server reported during the hold reaches the alert", async () => {
    const t = await setup();
    const args = press();
    const { room } = await t.action(api.reservations.reserve, args);
    await postWebhook(t, "participant_joined", room, "reporter");
    await postWebhook(t, "track_published", room, "reporter");
    const owner = await t.mutation(api.alerts.start, args);
    const alert = await t.query(api.alerts.get, owner);
    expect(alert?.streamStatus).toBe("live");
    const participants = await t.run((ctx) => ctx.db.query("participants").collect());
    expect(participants).toMatchObject([{ identity: "reporter", role: "publisher", joinedAt: T0 }]);
  });

  test("a publisher that left before the hold completed leaves the alert pending", async () => {
    const t = await setup();
    const args = press();
    const { room } = await t.action(api.reservations.reserve, args);
    await postWebhook(t, "participant_joined", room, "reporter");
    await postWebhook(t, "track_published", room, "reporter");
    await postWebhook(t, "participant_left", room, "reporter");
    const owner = await t.mutation(api.alerts.start, args);
    expect((await t.query(api.alerts.get, owner))?.streamStatus).toBe("pending");
  });

  test("a reservation expires: refused after its TTL, and the alert then gets a fresh room", async () => {
    const t = await setup();
    const args = press();
    const { room } = await t.action(api.reservations.reserve, args);
    advance(30_001);
    await expectCode(t.action(api.reservations.reserve, args), "reservation/closed");
    const owner = await t.mutation(api.alerts.start, args);
    expect(await roomOf(t, owner.alertId)).not.toBe(room);
  });

  test("one press gets a few tokens, not an unlimited supply", async () => {
    const t = await setup();
    const args = press();
    const rooms = new Set<string>();
    for (let i = 0; i < 3; i++) rooms.add((await t.action(api.reservations.reserve, args)).room);
    expect(rooms.size).toBe(1);
    await expectCode(t.action(api.reservations.reserve, args), "rate-limited");
  });

  test("a reservation flood is refused beyond the site's limit, while real presses still start", async () => {
    const t = await setup();
    for (let i = 0; i < 120; i++) await t.action(api.reservations.reserve, press());
    const refused = await expectCode(t.action(api.reservations.reserve, press()), "rate-limited");
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    // The press itself has no shared bucket: it only loses its head start.
    const owner = await t.mutation(api.alerts.start, press());
    expect((await t.query(api.alerts.get, owner))?.status).toBe("active");
    // The bucket refills.
    advance(1_000);
    await t.action(api.reservations.reserve, press());
  });

  test("a signed-in identity has its own, smaller bucket", async () => {
    const t = await setup();
    const user = t.withIdentity({ subject: "u1" });
    for (let i = 0; i < 3; i++) await user.action(api.reservations.reserve, press());
    await expectCode(user.action(api.reservations.reserve, press()), "rate-limited");
    await t.withIdentity({ subject: "u2" }).action(api.reservations.reserve, press());
  });

  test("bad input and unknown sites are refused", async () => {
    const t = await setup();
    await expectCode(t.action(api.reservations.reserve, { site: "demo", clientRequestId: "short" }), "args/invalid");
    await expectCode(t.action(api.reservations.reserve, { site: "nowhere", clientRequestId: requestId() }), "site/not-found");
  });
});
