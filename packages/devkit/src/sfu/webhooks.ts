import { createHash } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { WebhookEvent, type ParticipantInfo, type Room, type TrackInfo } from "@livekit/protocol";
import { newId } from "./ids.js";
import { FaultInjector, type WebhookFaults } from "./webhook-faults.js";

export type WebhookEventName =
  | "room_started"
  | "room_finished"
  | "participant_joined"
  | "participant_left"
  | "track_published"
  | "track_unpublished";

export interface WebhookPayload {
  room: Room;
  participant?: ParticipantInfo;
  track?: TrackInfo;
}

/**
 * Posts LiveKit-style signed webhooks: the body is the event as protobuf JSON, the
 * `Authorization` header a JWT signed with the API secret whose `sha256` claim is the base64
 * SHA-256 of the body (what `WebhookReceiver` checks). Deliveries are sent in order, one at a
 * time, and failures are only logged: a missing backend must never break media.
 */
export class WebhookNotifier {
  private queue: Promise<void> = Promise.resolve();
  /** Deliveries sent independently (faults with `reorder`), awaited by `flush`. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly faults: FaultInjector | undefined;

  constructor(
    private readonly url: string | undefined,
    private readonly apiKey: string,
    private readonly apiSecret: string,
    private readonly log: (message: string) => void = (m) => console.warn(m),
    faults?: WebhookFaults,
  ) {
    this.faults = faults ? new FaultInjector(faults) : undefined;
  }

  notify(event: WebhookEventName, payload: WebhookPayload): void {
    if (!this.url) return;
    const url = this.url;
    const body = new WebhookEvent({
      event,
      id: newId("EV"),
      createdAt: BigInt(Math.floor(Date.now() / 1000)),
      room: payload.room,
      participant: payload.participant,
      track: payload.track,
    }).toJsonString();
    const plan = this.faults?.plan(event) ?? { copies: 1, delayMs: 0 };
    for (let i = 0; i < plan.copies; i++) {
      const send = async () => {
        if (plan.delayMs > 0) await new Promise((r) => setTimeout(r, plan.delayMs));
        await this.post(url, event, body);
      };
      if (this.faults?.concurrent) {
        const p = send().finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      } else {
        this.queue = this.queue.then(send);
      }
    }
  }

  private async post(url: string, event: string, body: string): Promise<void> {
    try {
      const token = new AccessToken(this.apiKey, this.apiSecret, { ttl: "5m" });
      token.sha256 = createHash("sha256").update(body).digest("base64");
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/webhook+json", authorization: await token.toJwt() },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) this.log(`[dev-sfu] webhook ${event} → ${url}: HTTP ${response.status}`);
    } catch (error) {
      this.log(`[dev-sfu] webhook ${event} → ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Resolves when every queued delivery has been attempted. */
  async flush(): Promise<void> {
    await Promise.all([this.queue, ...this.inFlight]);
  }
}
