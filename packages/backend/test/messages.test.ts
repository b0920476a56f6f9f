import { describe, expect, test } from "vitest";
import { addSite, advance, api, expectCode, setup, startAlert, T0, useFakeClock, type T } from "./setup";

const responder = (t: T, subject: string, name?: string) => t.withIdentity({ subject, role: "responder", ...(name ? { name } : {}) });

useFakeClock();

describe("messages", () => {
  test("reporter and responders chat; list is oldest first", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const first = await t.mutation(api.messages.send, { alertId, ownerKey, text: "  I'm in room 204  " });
    advance(1_000);
    await responder(t, "g1").mutation(api.messages.send, { alertId, viewerId: "g1", displayName: "Guard Bo", text: "On my way" });
    advance(1_000);
    await responder(t, "g2").mutation(api.messages.send, { alertId, viewerId: "g2", text: "Calling 911" });
    const list = await t.query(api.messages.list, { alertId });
    expect(list).toEqual([
      { messageId: first.messageId, alertId, author: "reporter", displayName: "Reporter", text: "I'm in room 204", sentAt: T0 },
      expect.objectContaining({ author: "responder", displayName: "Guard Bo", text: "On my way", sentAt: T0 + 1_000 }),
      expect.objectContaining({ author: "responder", displayName: "Responder", text: "Calling 911" }),
    ]);
    expect((await t.query(api.messages.list, { alertId, limit: 1 })).map((m) => m.text)).toEqual(["Calling 911"]);
    // The signed-in name is used when no display name is given.
    await responder(t, "n", "Nurse Ada").mutation(api.messages.send, { alertId, viewerId: "n1", text: "hi" });
    expect((await t.query(api.messages.list, { alertId })).at(-1)?.displayName).toBe("Nurse Ada");
  });

  test("length limits and bad arguments", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await expectCode(t.mutation(api.messages.send, { alertId, ownerKey, text: "   " }), "chat/invalid-message");
    await expectCode(t.mutation(api.messages.send, { alertId, ownerKey, text: "x".repeat(501) }), "chat/invalid-message");
    await t.mutation(api.messages.send, { alertId, ownerKey, text: "x".repeat(500) });
    await expectCode(t.mutation(api.messages.send, { alertId, text: "hi" }), "args/invalid"); // responder without viewerId
    await expectCode(responder(t, "v").mutation(api.messages.send, { alertId, viewerId: "v", displayName: "d".repeat(41), text: "hi" }), "args/invalid");
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
    const chatty = responder(t, "chatty");
    for (let i = 0; i < 5; i++) await chatty.mutation(api.messages.send, { alertId, viewerId: "chatty", text: `m${i}` });
    const data = await expectCode(chatty.mutation(api.messages.send, { alertId, viewerId: "chatty", text: "more" }), "rate-limited");
    await responder(t, "calm").mutation(api.messages.send, { alertId, viewerId: "calm", text: "others still get through" });
    advance(data.retryAfterMs!);
    await chatty.mutation(api.messages.send, { alertId, viewerId: "chatty", text: "again" });
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

  test("only responders chat as responder: anonymous and signed-in viewers are refused by default", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    // The attack: an anonymous caller posting as "Campus Police".
    await expectCode(t.mutation(api.messages.send, { alertId, viewerId: "x", displayName: "Campus Police", text: "Stay put" }), "auth/forbidden");
    await expectCode(t.withIdentity({ subject: "v" }).mutation(api.messages.send, { alertId, viewerId: "v", text: "hi" }), "auth/forbidden");
    expect(await t.query(api.messages.list, { alertId, ownerKey })).toHaveLength(0);
  });

  test("with viewerChat, viewers chat labelled as viewers, never as responders", async () => {
    const t = await setup();
    await addSite(t, "open", "public");
    await t.run(async (ctx) => {
      const site = await ctx.db.query("sites").withIndex("by_slug", (q) => q.eq("slug", "open")).unique();
      await ctx.db.patch(site!._id, { viewerChat: true });
    });
    const { alertId } = await startAlert(t, { site: "open" });
    await t.mutation(api.messages.send, { alertId, viewerId: "x", displayName: "Campus Police", text: "anon" });
    await t.withIdentity({ subject: "v", name: "Vi" }).mutation(api.messages.send, { alertId, viewerId: "v", text: "signed in" });
    await responder(t, "r").mutation(api.messages.send, { alertId, viewerId: "r", text: "responder" });
    expect((await t.query(api.messages.list, { alertId })).map((m) => [m.author, m.text])).toEqual([
      ["viewer", "anon"],
      ["viewer", "signed in"],
      ["responder", "responder"],
    ]);
  });

  test("the reporter's chat is never limited by other people's messages", async () => {
    const t = await setup();
    await addSite(t, "open", "public");
    await t.run(async (ctx) => {
      const site = await ctx.db.query("sites").withIndex("by_slug", (q) => q.eq("slug", "open")).unique();
      await ctx.db.patch(site!._id, { viewerChat: true });
    });
    const { alertId, ownerKey } = await startAlert(t, { site: "open" });
    // Viewers (distinct anonymous ids) drain the viewers' per-alert bucket…
    let refused = false;
    for (let i = 0; i < 80 && !refused; i++) {
      refused = await t.mutation(api.messages.send, { alertId, viewerId: `flood${i}`, text: `spam ${i}` }).then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
    // …and responders and the reporter still get through at once.
    await responder(t, "r").mutation(api.messages.send, { alertId, viewerId: "r", text: "Police here" });
    for (let i = 0; i < 5; i++) await t.mutation(api.messages.send, { alertId, ownerKey, text: `help ${i}` });
  });

  test("bidi control characters are refused in chat and display names", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    for (const c of ["\u202E", "\u2066", "\u200F", "\u061C"]) {
      await expectCode(t.mutation(api.messages.send, { alertId, ownerKey, text: `a${c}b` }), "args/invalid");
      await expectCode(t.mutation(api.messages.send, { alertId, ownerKey, displayName: `Ana${c}`, text: "hi" }), "args/invalid");
    }
    await expectCode(t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done\u202E" }), "args/invalid");
    expect(await t.query(api.messages.list, { alertId, ownerKey })).toHaveLength(0);
  });
});
