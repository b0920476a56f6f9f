import { internalMutation, mutation, query } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { requireAlert, requireOwner, requireReader } from "./lib/access";
import { now } from "./lib/clock";
import { CLIP_GRACE_AFTER_END_MS, CLIP_MAX_BYTES, CLIPS_MAX_PER_ALERT } from "./lib/config";
import { fail } from "./lib/errors";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { functions } from "@alertrun/contract";

const MIME = /^(video|audio)\/[a-z0-9.+-]{1,40}(;[ -~]{0,80})?$/;

/** Clips may be added while the alert is active and shortly after, so the last segment lands. */
function requireAcceptingClips(alert: Doc<"alerts">): void {
  if (alert.status === "ended" && now() - (alert.endedAt ?? 0) > CLIP_GRACE_AFTER_END_MS) {
    fail("alert/ended", "The alert ended; no more clips are accepted.");
  }
}

/** An upload slot must be spent within this long, and its file must be uploaded after it was issued. */
const UPLOAD_SLOT_TTL_MS = 60 * 60_000;
/** Files nobody attached are deleted this long after upload (the cron `clips:purgeUnattached`). */
const UNATTACHED_TTL_MS = 2 * UPLOAD_SLOT_TTL_MS;

/**
 * A one-time URL to POST one evidence segment to (owner only). Responds `{storageId}`. Each URL
 * records an upload slot on this alert; `attach` spends one, so an alert can hold only files its
 * own owner uploaded, at most one per URL issued.
 */
export const generateUploadUrl = mutation({
  args: functions["clips:generateUploadUrl"].args,
  returns: functions["clips:generateUploadUrl"].returns,
  handler: async (ctx, { alertId, ownerKey }) => {
    const alert = await requireAlert(ctx, alertId);
    await requireOwner(ctx, alert, ownerKey);
    requireAcceptingClips(alert);
    await requireToken(ctx, `upload:alert:${alert._id}`, LIMITS.uploadPerAlert);
    await ctx.db.insert("uploads", { alertId: alert._id, issuedAt: now() });
    return ctx.storage.generateUploadUrl();
  },
});

/**
 * Attaches an uploaded segment to the alert at position `seq` (owner only). Re-attaching the same
 * storageId at the same seq is a no-op that returns the existing clip, so uploads can be retried.
 */
export const attach = mutation({
  args: functions["clips:attach"].args,
  returns: functions["clips:attach"].returns,
  handler: async (ctx, args) => {
    if (!Number.isInteger(args.seq) || args.seq < 0 || args.seq >= CLIPS_MAX_PER_ALERT) {
      fail("args/invalid", `seq must be an integer from 0 to ${CLIPS_MAX_PER_ALERT - 1}.`);
    }
    if (!Number.isFinite(args.startedAt) || args.startedAt < 0) fail("args/invalid", "startedAt must be a ms timestamp.");
    if (!Number.isFinite(args.durationMs) || args.durationMs <= 0 || args.durationMs > 600_000) {
      fail("args/invalid", "durationMs must be within (0, 600000].");
    }
    if (!MIME.test(args.mimeType)) fail("args/invalid", "mimeType must be a video/* or audio/* type.");
    const alert = await requireAlert(ctx, args.alertId);
    await requireOwner(ctx, alert, args.ownerKey);
    requireAcceptingClips(alert);
    const storageId = ctx.db.system.normalizeId("_storage", args.storageId);
    const file = storageId ? await ctx.db.system.get(storageId) : null;
    if (!storageId || !file) fail("clip/invalid", "No uploaded file with that storageId.");
    const existing = await ctx.db
      .query("clips")
      .withIndex("by_alert_seq", (q) => q.eq("alertId", alert._id).eq("seq", args.seq))
      .first();
    if (existing) {
      if (existing.storageId === storageId) return { clipId: existing._id as string };
      fail("clip/invalid", `A different clip is already attached at seq ${args.seq}.`);
    }
    // A file attached anywhere (this alert or another) is spent: storage ids appear in clip URLs,
    // so a viewer of another alert must not be able to attach that alert's evidence here.
    const attached = await ctx.db
      .query("clips")
      .withIndex("by_storage", (q) => q.eq("storageId", storageId))
      .first();
    if (attached) fail("clip/invalid", "That file is already attached to a clip.");
    // The file must have been uploaded through a URL issued for this alert: an unspent slot
    // issued before the upload and not long before.
    const slot = await ctx.db
      .query("uploads")
      .withIndex("by_alert_storage_issuedAt", (q) =>
        q.eq("alertId", alert._id).eq("storageId", undefined).gte("issuedAt", file._creationTime - UPLOAD_SLOT_TTL_MS).lte("issuedAt", file._creationTime),
      )
      .first();
    if (!slot) fail("clip/invalid", "That file was not uploaded for this alert.");
    // Checked against the stored file, not a size the client claims. (A delete here would be
    // rolled back with the refusal; purgeUnattached removes the file.)
    if (file.size > CLIP_MAX_BYTES) fail("clip/invalid", `Clips may be at most ${CLIP_MAX_BYTES} bytes.`);
    await ctx.db.patch(slot._id, { storageId });
    const clipId = await ctx.db.insert("clips", {
      alertId: alert._id,
      storageId,
      seq: args.seq,
      startedAt: args.startedAt,
      durationMs: args.durationMs,
      mimeType: args.mimeType,
    });
    return { clipId: clipId as string };
  },
});

/** An alert's clips in `seq` order, with download URLs, for its owner or its audience. */
export const list = query({
  args: functions["clips:list"].args,
  returns: functions["clips:list"].returns,
  handler: async (ctx, { alertId, ownerKey }) => {
    const alert = await requireAlert(ctx, alertId);
    await requireReader(ctx, alert, ownerKey);
    const clips = await ctx.db
      .query("clips")
      .withIndex("by_alert_seq", (q) => q.eq("alertId", alert._id))
      .take(CLIPS_MAX_PER_ALERT);
    return Promise.all(
      clips.map(async (c) => ({
        clipId: c._id as string,
        seq: c.seq,
        startedAt: c.startedAt,
        durationMs: c.durationMs,
        mimeType: c.mimeType,
        url: await ctx.storage.getUrl(c.storageId),
      })),
    );
  },
});

/**
 * Cron: deletes uploaded files that no clip references once they are older than
 * UNATTACHED_TTL_MS, and forgets spent or expired upload slots. Walks `_storage` in upload order
 * from where the last run stopped, a batch at a time.
 */
export const purgeUnattached = internalMutation({
  args: {},
  handler: async (ctx) => {
    const t = now();
    const cursor = await ctx.db.query("storageSweep").first();
    const after = cursor?.after ?? 0;
    const files = await ctx.db.system
      .query("_storage")
      .withIndex("by_creation_time", (q) => q.gt("_creationTime", after).lt("_creationTime", t - UNATTACHED_TTL_MS))
      .take(200);
    let deleted = 0;
    for (const file of files) {
      const clip = await ctx.db
        .query("clips")
        .withIndex("by_storage", (q) => q.eq("storageId", file._id))
        .first();
      if (!clip) {
        await ctx.storage.delete(file._id);
        deleted++;
      }
    }
    const last = files.at(-1)?._creationTime;
    if (last !== undefined) {
      if (cursor) await ctx.db.patch(cursor._id, { after: last });
      else await ctx.db.insert("storageSweep", { after: last });
    }
    const slots = await ctx.db
      .query("uploads")
      .withIndex("by_issuedAt", (q) => q.lt("issuedAt", t - UNATTACHED_TTL_MS))
      .take(500);
    for (const slot of slots) await ctx.db.delete(slot._id);
    return { deleted };
  },
});
