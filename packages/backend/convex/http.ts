import { httpRouter } from "convex/server";
import { WebhookReceiver } from "livekit-server-sdk";
import { httpAction } from "./_generated/server";
import { internal } from "./_generated/api";
import { livekitConfig } from "./lib/config";

const http = httpRouter();

/**
 * LiveKit webhooks. `WebhookReceiver` checks the Authorization JWT (signed with our API secret)
 * and that its sha256 claim matches the body; anything else gets 401 and changes nothing.
 */
http.route({
  path: "/livekit/webhook",
  method: "POST",
  handler: httpAction(async (ctx, request) => {
    const { apiKey, apiSecret } = livekitConfig();
    const body = await request.text();
    const auth = request.headers.get("Authorization") ?? request.headers.get("Authorize") ?? undefined;
    let event;
    try {
      event = await new WebhookReceiver(apiKey, apiSecret).receive(body, auth);
    } catch {
      return new Response("invalid webhook signature", { status: 401 });
    }
    const room = event.room?.name;
    if (!room) return new Response("ignored", { status: 200 });
    const result = await ctx.runMutation(internal.webhooks.apply, {
      eventId: event.id ?? "",
      event: event.event,
      room,
      ...(event.participant?.identity ? { identity: event.participant.identity } : {}),
      ...(event.participant?.sid ? { sid: event.participant.sid } : {}),
    });
    return new Response(result, { status: 200 });
  }),
});

export default http;
