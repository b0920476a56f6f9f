import { describe, expect, test } from "vitest";
import { addSite, advance, api, expectCode, setup, startAlert, T0, useFakeClock } from "./setup";

useFakeClock();

describe("messages", () => {
  test("reporter and responders chat; list is oldest first", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const first = await t.mutation(api.messages.send, { alertId, ownerKey, text: "  I'm in room 204  " });
    advance(1_000);
    await t.mutation(api.messages.send, { alertId, viewerId: "g1", displayName: "Guard Bo", text: "On my way" });
    advance(1_000);
    await t.mutation(api.messages.send, { alertId, viewerId: "g2", text: "Calling 911" });
    const list = await t.query(api.messages.list, { alertId });
    expect(list).toEqual([
      { messageId: first.messageId, alertId, author: "reporter", displayName: "Reporter", text: "I'm in room 204", sentAt: T0 },
      expect.objectContaining({ author: "responder", displayName: "Guard Bo", text: "On my way", sentAt: T0 + 1_000 }),
      expect.objectContaining({ author: "responder", displayName: "Responder", text: "Calling 911" }),
    ]);
    expect((await t.query(api.messages.list, { alertId, limit: 1 })).map((m) => m.text)).toEqual(["Calling 911"]);
    // The signed-in name is used when no display name is given.
    await t.withIdentity({ subject: "n", name: "Nurse Ada" }).mutation(api.messages.send, { alertId, viewerId: "n1", text: "hi" });
    expect((await t.query(api.messages.list, { alertId })).at(-1)?.displayName).toBe("Nurse Ada");
  });

  test("length limits and bad arguments", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.mutation(api.messages.send, { alertId, ownerKey, text: "   " }), "chat/invalid-message");
    await expectCode(t.mutation(api.messages.send, { alertId, ownerKey, text: "x".repeat(501) }), "chat/invalid-message");
    await t.mutation(api.messages.send, { alertId, ownerKey, text: "x".repeat(500) });
    await expectCode(t.mutation(api.messages.send, { alertId, text: "hi" }), "args/invalid"); // responder without viewerId
    await expectCode(t.mutation(api.messages.send, { alertId, viewerId: "v", displayName: "d".repeat(41), text: "hi" }), "args/invalid");
    await expectCode(t.query(api.messages.list, { alertId, limit: 501 }), "args/invalid");
    await expectCode(t.mutation(api.messages.send, { alertId: "nope", viewerId: "v", text: "hi" }), "alert/not-found");
  });

  test("a wrong owner key is refused, not downgraded to responder", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const other = await startAlert(t);
    await expectCode(t.mutation(api.messages.send, { alertId, ownerKey: other.ownerKey, viewerId: "v", text: "I am the reporter" }), "auth/forbidden");
    expect(await t.query(api.messages.list, { alertId })).toHaveLength(0);
  });

  test("rate limited per sender, and recovers", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    for (let i = 0; i < 5; i++) await t.mutation(api.messages.send, { alertId, viewerId: "chatty", text: `m${i}` });
    const data = await expectCode(t.mutation(api.messages.send, { alertId, viewerId: "chatty", text: "more" }), "rate-limited");
    await t.mutation(api.messages.send, { alertId, viewerId: "calm", text: "others still get through" });
    advance(data.retryAfterMs!);
    await t.mutation(api.messages.send, { alertId, viewerId: "chatty", text: "again" });
    expect(await t.query(api.messages.list, { alertId })).toHaveLength(7);
  });

  test("audience policy and ended alerts", async () => {
    const t = await setup();
    await addSite(t, "resp", "responders");
    const r = await startAlert(t, { site: "resp" });
    await expectCode(t.mutation(api.messages.send, { alertId: r.alertId, viewerId: "v", text: "hi" }), "auth/required");
    await expectCode(t.query(api.messages.list, { alertId: r.alertId }), "auth/required");
    // The anonymous reporter can still talk and read with the owner key.
    await t.mutation(api.messages.send, { alertId: r.alertId, ownerKey: r.ownerKey, text: "help" });
    expect(await t.query(api.messages.list, { alertId: r.alertId, ownerKey: r.ownerKey })).toHaveLength(1);
    const responder = t.withIdentity({ subject: "r", role: "responder" });
    await responder.mutation(api.messages.send, { alertId: r.alertId, viewerId: "v", text: "coming" });
    expect(await responder.query(api.messages.list, { alertId: r.alertId })).toHaveLength(2);

    await t.mutation(api.alerts.end, { alertId: r.alertId, ownerKey: r.ownerKey, reason: "done" });
    await expectCode(t.mutation(api.messages.send, { alertId: r.alertId, ownerKey: r.ownerKey, text: "late" }), "alert/ended");
  });
});
