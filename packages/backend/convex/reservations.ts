import { functions } from "@alertrun/contract";
/**
 * Rooms reserved while the button is held (issue 13). The person holds the button for a moment
 * before the alert exists; the client spends it connecting to LiveKit and publishing, so the
 * picture is already at the media server when the hold completes.
 *
 * What keeps this from becoming free publishing for a stranger:
 * - the room is tied to the press: its name is an unguessable HMAC (lib/ownerKey.ts), the row is
 *   keyed by the keyed hash of the clientRequestId, and the token admits that room only, as the
 *   `reporter` identity, camera and microphone only, and nobody else can get a token for it;
 * - nothing outside this module learns the room: viewers are only ever told a room by
 *   `media:viewToken`, which needs a live alert, and an unadopted reservation has none;
 * - it is short-lived: tokens live RESERVE_TOKEN_TTL_SEC, the reservation RESERVE_TTL_MS, after
 *   which it is refused and never adopted; each press gets at most RESERVE_TOKENS_PER_PRESS tokens;
 * - it is limited per site and per signed-in identity (lib/rateLimit.ts). Refusal costs only the
 *   head start: `alerts:start` itself has no shared bucket, so the alert still goes out.
 */
import { v } from "convex/values";
import { TrackSource } from "livekit-server-sdk";
import { action, internalMutation } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { internal } from "./_generated/api";
import { requireSite } from "./lib/access";
import { now } from "./lib/clock";
import { PUBLISHER_IDENTITY } from "./lib/config";
import { ENGAGED } from "./lib/engagement";
import { fail } from "./lib/errors";
import { mint, type TokenResult } from "./lib/livekitToken";
import { requestHash, roomName } from "./lib/ownerKey";
import { LIMITS, requireToken } from "./lib/rateLimit";
import { checkClientRequestId, checkSite } from "./lib/validate";

/** An unadopted reservation is refused after this long (a hold is 1.5 s; start follows at once). */
export const RESERVE_TTL_MS = 30_000;
/** Lifetime of a reservation's publish token; after adoption, `media:publishToken` refreshes it. */
export const RESERVE_TOKEN_TTL_SEC = 60;
/** Tokens one press may mint from its reservation (the first, and a retry or two). */
export const RESERVE_TOKENS_PER_PRESS = 3;

/** Checks and books the reservation; returns its room. Idempotent per request, within limits. */
export const book = internalMutation({
  args: { site: v.string(), clientRequestId: v.string() },
  handler: async (ctx, args): Promise<{ room: string }> => {
    checkSite(args.site);
    checkClientRequestId(args.clientRequestId);
    const site = await requireSite(ctx, args.site);
    const identity = await ctx.auth.getUserIdentity();
    if (!identity && !site.allowAnonymous) fail("auth/required", "Sign in to raise an alert on this site.");
    const hash = await requestHash(site.slug, args.clientRequestId);
    const alert = await ctx.db
      .query("alerts")
      .withIndex("by_site_request", (q) => q.eq("site", site.slug).eq("requestHash", hash))
      .first();
    // Once the alert exists the owner asks `media:publishToken`, which checks the owner key.
    if (alert) fail("reservation/closed", "This press already raised its alert.");
    const t = now();
    const existing = await findReservation(ctx, site.slug, hash);
    if (existing) {
      if (existing.expiresAt <= t) fail("reservation/closed", "This reservation has expired.");
      if (existing.tokens >= RESERVE_TOKENS_PER_PRESS) fail("rate-limited", "Too many tokens for one press.", { retryAfterMs: existing.expiresAt - t });
      await ctx.db.patch(existing._id, { tokens: existing.tokens + 1 });
      return { room: existing.room };
    }
    await requireToken(ctx, `reserve:site:${site.slug}`, LIMITS.reservePerSite);
    if (identity) await requireToken(ctx, `reserve:user:${identity.tokenIdentifier}`, LIMITS.reservePerUser);
    const room = await roomName(site.slug, args.clientRequestId);
    await ctx.db.insert("reservations", {
      site: site.slug,
      requestHash: hash,
      room,
      createdAt: t,
      expiresAt: t + RESERVE_TTL_MS,
      tokens: 1,
      adopted: false,
    });
    return { room };
  },
});

/**
 * A publish token for the room reserved for this press: `{site, clientRequestId}` as `alerts:start`
 * will get them. Same grant as `media:publishToken`, shorter life.
 */
export const reserve = action({
  args: functions["reservations:reserve"].args,
  returns: functions["reservations:reserve"].returns,
  handler: async (ctx, args): Promise<TokenResult> => {
    const { room } = await ctx.runMutation(internal.reservations.book, args);
    return mint(
      room,
      PUBLISHER_IDENTITY,
      "Reporter",
      { room, roomJoin: true, canPublish: true, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE], canSubscribe: true, canPublishData: true },
      RESERVE_TOKEN_TTL_SEC,
    );
  },
});

async function findReservation(ctx: MutationCtx, site: string, hash: string): Promise<Doc<"reservations"> | null> {
  return ctx.db
    .query("reservations")
    .withIndex("by_site_request", (q) => q.eq("site", site).eq("requestHash", hash))
    .first();
}

/**
 * For `alerts:start`: the room reserved for this request, if it is still open; it is marked
 * adopted so it is never handed out again. Returns what the media server already reported.
 */
export async function adoptReservation(
  ctx: MutationCtx,
  site: string,
  hash: string,
): Promise<{ room: string; publisherJoinedAt?: number; trackPublishedAt?: number } | null> {
  const reservation = await findReservation(ctx, site, hash);
  if (!reservation || reservation.adopted || reservation.expiresAt <= now()) return null;
  await ctx.db.patch(reservation._id, { adopted: true });
  return {
    room: reservation.room,
    ...(reservation.publisherJoinedAt !== undefined ? { publisherJoinedAt: reservation.publisherJoinedAt } : {}),
    ...(reservation.trackPublishedAt !== undefined ? { trackPublishedAt: reservation.trackPublishedAt } : {}),
  };
}

/** For `alerts:start`, after the insert: what the media server reported before the alert existed. */
export async function applyEarlyMedia(
  ctx: MutationCtx,
  alertId: Id<"alerts">,
  early: { publisherJoinedAt?: number; trackPublishedAt?: number },
): Promise<void> {
  if (early.publisherJoinedAt !== undefined) {
    await ctx.db.insert("participants", { alertId, identity: PUBLISHER_IDENTITY, role: "publisher", joinedAt: early.publisherJoinedAt });
  }
  // Media at the SFU is the strongest sign the person is there (lib/engagement.ts).
  if (early.trackPublishedAt !== undefined) await ctx.db.patch(alertId, { streamStatus: "live", engagement: ENGAGED.verified });
}

/**
 * For webhooks.ts: a media event for a room no alert has yet. Kept on the reservation (publisher
 * only: nobody else can hold a token for it) so `alerts:start` can hand it to the alert.
 */
export async function recordEarlyMedia(ctx: MutationCtx, room: string, event: string, identity: string | undefined, t: number): Promise<boolean> {
  if (identity !== PUBLISHER_IDENTITY) return false;
  const reservation = await ctx.db
    .query("reservations")
    .withIndex("by_room", (q) => q.eq("room", room))
    .unique();
  if (!reservation || reservation.adopted) return false;
  if (event === "participant_joined") await ctx.db.patch(reservation._id, { publisherJoinedAt: t });
  else if (event === "track_published") await ctx.db.patch(reservation._id, { trackPublishedAt: t, publisherJoinedAt: reservation.publisherJoinedAt ?? t });
  else if (event === "participant_left" || event === "participant_connection_aborted") {
    await ctx.db.patch(reservation._id, { publisherJoinedAt: undefined, trackPublishedAt: undefined });
  } else return false;
  return true;
}

/** Cron: forgets reservations a day past their expiry. */
export const cleanup = internalMutation({
  args: {},
  handler: async (ctx) => {
    const old = await ctx.db
      .query("reservations")
      .withIndex("by_expiresAt", (q) => q.lt("expiresAt", now() - 86_400_000))
      .take(1000);
    for (const row of old) await ctx.db.delete(row._id);
    return null;
  },
});
