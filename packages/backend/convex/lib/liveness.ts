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
