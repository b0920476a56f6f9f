import { describe, expect, test, vi } from "vitest";
import { addSite, advance, api, expectCode, internal, setup, startAlert, T0, useFakeClock, type T } from "./setup";

useFakeClock();

async function store(t: T, bytes = 1024, type = "video/webm"): Promise<string> {
  return t.run(async (ctx) => ctx.storage.store(new Blob([new Uint8Array(bytes)], { type })));
}

/** Uploads a file the way the owner's recorder does: an upload URL (a slot on the alert), then the file. */
async function upload(t: T, owner: { alertId: string; ownerKey: string }, bytes = 1024): Promise<string> {
  await t.mutation(api.clips.generateUploadUrl, owner);
  return store(t, bytes);
}

const segment = (seq: number) => ({ seq, startedAt: T0 + seq * 5_000, durationMs: 5_000, mimeType: "video/webm;codecs=vp8,opus" });

describe("clips", () => {
  test("the owner uploads segments; they are listed in seq order with URLs", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const url = await t.mutation(api.clips.generateUploadUrl, { alertId, ownerKey });
    expect(typeof url).toBe("string");
    const s1 = await store(t);
    const s0 = await upload(t, { alertId, ownerKey });
    const c1 = await t.mutation(api.clips.attach, { alertId, ownerKey, storageId: s1, ...segment(1) });
    const c0 = await t.mutation(api.clips.attach, { alertId, ownerKey, storageId: s0, ...segment(0) });
    // Retrying the same attach is a no-op.
    expect(await t.mutation(api.clips.attach, { alertId, ownerKey, storageId: s1, ...segment(1) })).toEqual(c1);
    const list = await t.query(api.clips.list, { alertId });
    expect(list.map((c) => [c.clipId, c.seq])).toEqual([
      [c0.clipId, 0],
      [c1.clipId, 1],
    ]);
    expect(list[0]).toMatchObject({ startedAt: T0, durationMs: 5_000, mimeType: "video/webm;codecs=vp8,opus" });
    expect(typeof list[0]?.url).toBe("string");
  });

  test("non-owners cannot get upload URLs or attach clips", async () => {
    const t = await setup();
    const { alertId } = await startAlert(t);
    const other = await startAlert(t);
    const storageId = await store(t);
    await expectCode(t.mutation(api.clips.generateUploadUrl, { alertId }), "auth/forbidden");
    await expectCode(t.mutation(api.clips.generateUploadUrl, { alertId, ownerKey: other.ownerKey }), "auth/forbidden");
    await expectCode(t.mutation(api.clips.attach, { alertId, storageId, ...segment(0) }), "auth/forbidden");
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey: other.ownerKey, storageId, ...segment(0) }), "auth/forbidden");
    await expectCode(
      t.withIdentity({ subject: "r", role: "responder" }).mutation(api.clips.attach, { alertId, storageId, ...segment(0) }),
      "auth/forbidden",
    );
    expect(await t.query(api.clips.list, { alertId })).toHaveLength(0);
  });

  test("bad arguments are refused with codes", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    const storageId = await upload(t, { alertId, ownerKey });
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId, ...segment(0), seq: -1 }), "args/invalid");
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId, ...segment(0), seq: 1.5 }), "args/invalid");
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId, ...segment(0), durationMs: 0 }), "args/invalid");
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId, ...segment(0), mimeType: "text/html" }), "args/invalid");
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId: "not-a-storage-id", ...segment(0) }), "clip/invalid");
    await t.mutation(api.clips.attach, { alertId, ownerKey, storageId, ...segment(0) });
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId: await upload(t, { alertId, ownerKey }), ...segment(0) }), "clip/invalid");
  });

  test("upload URLs are rate limited per alert", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    for (let i = 0; i < 30; i++) await t.mutation(api.clips.generateUploadUrl, { alertId, ownerKey });
    await expectCode(t.mutation(api.clips.generateUploadUrl, { alertId, ownerKey }), "rate-limited");
    advance(1_000);
    await t.mutation(api.clips.generateUploadUrl, { alertId, ownerKey });
  });

  test("clips are accepted for 5 minutes after the end, then refused", async () => {
    const t = await setup();
    const { alertId, ownerKey } = await startAlert(t);
    await t.mutation(api.alerts.end, { alertId, ownerKey, reason: "done" });
    advance(60_000);
    await t.mutation(api.clips.attach, { alertId, ownerKey, storageId: await upload(t, { alertId, ownerKey }), ...segment(0) });
    advance(5 * 60_000);
    await expectCode(t.mutation(api.clips.generateUploadUrl, { alertId, ownerKey }), "alert/ended");
    await expectCode(t.mutation(api.clips.attach, { alertId, ownerKey, storageId: await store(t), ...segment(1) }), "alert/ended");
  });

  test("the list follows the audience policy", async () => {
    const t = await setup();
    await addSite(t, "resp", "responders");
    const { alertId, ownerKey } = await startAlert(t, { site: "resp" });
    await t.mutation(api.clips.attach, { alertId, ownerKey, storageId: await upload(t, { alertId, ownerKey }), ...segment(0) });
    await expectCode(t.query(api.clips.list, { alertId }), "auth/required");
    expect(await t.query(api.clips.list, { alertId, ownerKey })).toHaveLength(1);
    expect(await t.withIdentity({ subject: "r", role: "responder" }).query(api.clips.list, { alertId })).toHaveLength(1);
  });
});

describe("clip ownership and unattached uploads", () => {
  test("a clip attaches only to the alert it was uploaded for, once, within the size cap", async () => {
    const t = await setup();
    const a = await startAlert(t);
    const b = await startAlert(t);
    // A file uploaded through b's URL cannot be attached to a, and a file with no URL at all neither.
    const forB = await upload(t, b);
    await expectCode(t.mutation(api.clips.attach, { ...a, storageId: forB, ...segment(0) }), "clip/invalid");
    await expectCode(t.mutation(api.clips.attach, { ...a, storageId: await store(t), ...segment(0) }), "clip/invalid");
    await t.mutation(api.clips.attach, { ...b, storageId: forB, ...segment(0) });
    // b's clip, whose storage id is visible to b's viewers, cannot be re-attached to a even with a slot to spare.
    await t.mutation(api.clips.generateUploadUrl, a);
    await expectCode(t.mutation(api.clips.attach, { ...a, storageId: forB, ...segment(0) }), "clip/invalid");
    // One URL, one clip: a second file needs a second URL.
    const first = await store(t);
    await t.mutation(api.clips.attach, { ...a, storageId: first, ...segment(0) });
    await expectCode(t.mutation(api.clips.attach, { ...a, storageId: await store(t), ...segment(1) }), "clip/invalid");
    // The size cap is checked against the stored file (purgeUnattached deletes it later).
    const big = await upload(t, a, 50 * 1024 * 1024 + 1);
    await expectCode(t.mutation(api.clips.attach, { ...a, storageId: big, ...segment(1) }), "clip/invalid");
    expect(await t.query(api.clips.list, { alertId: a.alertId })).toHaveLength(1);
  });

  test("clips:purgeUnattached deletes files no clip references, after two hours", async () => {
    const t = await setup();
    const a = await startAlert(t);
    const kept = await upload(t, a);
    await t.mutation(api.clips.attach, { ...a, storageId: kept, ...segment(0) });
    const orphan = await upload(t, a);
    advance(60 * 60_000);
    expect(await t.mutation(internal.clips.purgeUnattached, {})).toEqual({ deleted: 0 });
    advance(60 * 60_000 + 1);
    expect(await t.mutation(internal.clips.purgeUnattached, {})).toEqual({ deleted: 1 });
    const left = await t.run((ctx) => ctx.db.system.query("_storage").collect());
    expect(left.map((f) => f._id)).toEqual([kept]);
    expect(orphan).not.toBe(kept);
    expect(await t.query(api.clips.list, { alertId: a.alertId })).toHaveLength(1);
  });
});

describe("retention:purge (cron)", () => {
  test("deletes track, clips, chat and acks past the site's retention; keeps usage", async () => {
    const t = await setup();
    await addSite(t, "short", "public", { retentionDays: 1 });
    const old = await startAlert(t, { site: "short", location: { lat: 1, lng: 1, accuracy: 1 } });
    const kept = await startAlert(t, { location: { lat: 2, lng: 2, accuracy: 2 } }); // demo: 30 days
    const active = await startAlert(t, { site: "short", location: { lat: 3, lng: 3, accuracy: 3 } });
    for (const a of [old, kept, active]) {
      await t.mutation(api.clips.attach, { alertId: a.alertId, ownerKey: a.ownerKey, storageId: await upload(t, a), ...segment(0) });
      await t.mutation(api.messages.send, { alertId: a.alertId, ownerKey: a.ownerKey, text: "help" });
      await t.withIdentity({ subject: "r", role: "responder" }).mutation(api.acks.add, { alertId: a.alertId, viewerId: "v", kind: "seen" });
    }
    await t.mutation(api.alerts.end, { alertId: old.alertId, ownerKey: old.ownerKey, reason: "done" });
    await t.mutation(api.alerts.end, { alertId: kept.alertId, ownerKey: kept.ownerKey, reason: "done" });

    advance(86_400_000 - 1);
    await t.mutation(internal.retention.purge, {});
    expect(await t.query(api.locations.trail, { alertId: old.alertId })).toHaveLength(1);

    advance(2);
    expect(await t.mutation(internal.retention.purge, {})).toEqual({ done: true });
    expect(await t.query(api.locations.trail, { alertId: old.alertId })).toHaveLength(0);
    expect(await t.query(api.clips.list, { alertId: old.alertId })).toHaveLength(0);
    expect(await t.query(api.messages.list, { alertId: old.alertId })).toHaveLength(0);
    const summary = await t.query(api.alerts.get, { alertId: old.alertId });
    expect(summary).toMatchObject({ status: "ended", location: null, acks: { seen: 1, on_my_way: 0, called_emergency_services: 0 } });
    // One stored file per surviving clip.
    expect(await t.run((ctx) => ctx.db.system.query("_storage").collect())).toHaveLength(2);

    for (const a of [kept, active]) {
      expect(await t.query(api.locations.trail, { alertId: a.alertId })).toHaveLength(1);
      expect(await t.query(api.clips.list, { alertId: a.alertId })).toHaveLength(1);
      expect(await t.query(api.messages.list, { alertId: a.alertId })).toHaveLength(1);
    }
  });
});

describe("retention:purge batching", () => {
  test("a full batch reschedules the purge until every due alert is done", async () => {
    vi.useFakeTimers(); // scheduled functions run on timers too
    vi.setSystemTime(T0);
    const t = await setup();
    await addSite(t, "busy", "public", { retentionDays: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) {
      const a = await t.mutation(api.alerts.start, { site: "busy", clientRequestId: `busy_request_${i.toString().padStart(4, "0")}`, location: { lat: 1, lng: 1, accuracy: 1 } });
      await t.mutation(api.alerts.end, { alertId: a.alertId, ownerKey: a.ownerKey, reason: "done" });
      ids.push(a.alertId);
    }
    advance(2 * 86_400_000);
    expect(await t.mutation(internal.retention.purge, {})).toEqual({ done: false });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    for (const alertId of ids) expect(await t.query(api.locations.trail, { alertId })).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.query("alerts").filter((q) => q.eq(q.field("purged"), false)).collect())).toHaveLength(0);
  });
});

