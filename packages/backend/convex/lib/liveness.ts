import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { silenceTimeoutMs } from "./config";
import { getSite } from "./access";

/** When an alert last heard from at `seenAt` becomes abandoned, under its site's setting. */
export async function staleAtFor(ctx: MutationCtx, site: string, seenAt: number): Promise<number> {
  const doc = await getSite(ctx, site);
  return seenAt + silenceTimeoutMs(doc?.silenceTimeoutSec);
}

/** Records a sign of life from the broadcaster, pushing back the silence cron. */
export async function touchBroadcaster(ctx: MutationCtx, alert: Doc<"alerts">, at: number): Promise<void> {
  if (alert.status !== "active") return;
  await ctx.db.patch(alert._id, { lastSeenAt: at, staleAt: await staleAtFor(ctx, alert.site, at) });
}

/** The reporter's page beats this often while its alert is live (core reads it from heartbeat:beat). */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Beats closer together than this are answered without a write. */
export const HEARTBEAT_MIN_WRITE_MS = 4_000;
/** Without a beat for this long, responders see the reporter as offline. */
export const REPORTER_OFFLINE_AFTER_MS = 25_000;
/**
 * When heartbeats have stopped but webhooks still show the publisher connected, the sweep asks
 * LiveKit's room service and waits this long for the answer before ending the alert anyway.
 */
export const RECONCILE_GRACE_MS = 30_000;
/** Floor of the configurable maximum lifetime, so a typo cannot end every alert at once. */
const MIN_LIFETIME_SEC = 600;
const DEFAULT_LIFETIME_SEC = 4 * 3600;

/** How long an alert may stay active at most: the site's `maxLifetimeSec`, else ALERTRUN_MAX_LIFETIME_SEC, else 4 hours. */
export function maxLifetimeMs(siteOverrideSec: number | undefined): number {
  const raw = process.env.ALERTRUN_MAX_LIFETIME_SEC;
  const fromEnv = raw === undefined || raw === "" ? NaN : Number(raw);
  const sec = siteOverrideSec ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_LIFETIME_SEC);
  return Math.max(sec, MIN_LIFETIME_SEC) * 1000;
}
