/**
 * Engagement: how much an alert's reporter has shown they are a person, used only to decide which
 * alerts a flooded dashboard lists (alerts:active). A press is never refused or delayed for it.
 *
 * - 0: a bare `alerts:start` (what a flood script sends; costs one mutation);
 * - 1: the reporter did something after the start: a location fix, a publish token, a chat
 *   message (each another call per alert that a flood must pay for);
 * - 2: media reached the SFU (`track_published`, from LiveKit's signed webhook: a real WebRTC
 *   connection per alert), or a signed-in reporter (limited per identity).
 *
 * A real press reaches 1 within a second of the hold completing (core asks for a publish token
 * and a location fix at once), so a flood of bare starts can never push it off the list.
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

export const ENGAGED = { bare: 0, acted: 1, verified: 2 } as const;

/** Raises (never lowers) an alert's engagement; writes only when it changes. */
export async function raiseEngagement(ctx: MutationCtx, alert: Doc<"alerts">, level: number): Promise<void> {
  if (alert.status !== "active" || alert.engagement >= level) return;
  await ctx.db.patch(alert._id, { engagement: level });
}
