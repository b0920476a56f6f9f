/**
 * Development-only LiveKit-compatible SFU: the real `livekit-client` connects to it unchanged.
 * Not for production; see docs/devkit-sfu.md for what it implements.
 */
import { SignalServer, type SignalEvent } from "./server.js";
import type { WebhookFaults } from "./webhook-faults.js";

export interface DevSfuOptions {
  /** TCP port for signaling; 0 picks a free one. Default 7880. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1; media then stays on loopback too. */
  host?: string;
  apiKey?: string;
  apiSecret?: string;
  /** Where signed LiveKit webhooks are posted; none when unset. */
  webhookUrl?: string;
  /** Receives warnings (webhook failures, closed participants). Default console.warn. */
  log?: (message: string) => void;
  /**
   * LiveKit's departure timeout: how long a participant whose signaling socket dropped (without a
   * leave) keeps its session and tracks, so the client can resume it (`reconnect=1`), and how
   * long a room stays after its last participant left before `room_finished`. Default 20000 ms.
   */
  departureTimeoutMs?: number;
  /** Makes webhook delivery unreliable the ways real delivery is (drop, delay, duplicate, reorder…). */
  webhookFaults?: WebhookFaults;
  /** Told of every accepted signaling connection and its path (`/rtc/v1` or `/rtc`). */
  onSignal?: (event: SignalEvent) => void;
}

export interface DevSfu {
  /** `ws://host:port`, what livekit-client's `Room.connect` takes. */
  url: string;
  /**
   * What the SFU holds now: each room with its participants and how many tracks each publishes.
   * For tests and the bench (LiveKit's RoomService `ListRooms`/`ListParticipants` in one call).
   */
  rooms(): SfuRoomSnapshot[];
  close(): Promise<void>;
}

export interface SfuRoomSnapshot {
  name: string;
  participants: { identity: string; tracks: number }[];
}

export async function startDevSfu(options: DevSfuOptions = {}): Promise<DevSfu> {
  const host = options.host ?? "127.0.0.1";
  const server = new SignalServer({
    host,
    apiKey: options.apiKey ?? "devkey",
    apiSecret: options.apiSecret ?? "secret",
    webhookUrl: options.webhookUrl,
    log: options.log ?? ((m) => console.warn(m)),
    onSignal: options.onSignal,
    departureTimeoutMs: options.departureTimeoutMs,
    webhookFaults: options.webhookFaults,
  });
  const port = await server.listen(options.port ?? 7880);
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${host.includes(":") ? `[${host}]` : host}:${port}`,
    rooms: () =>
      [...server.rooms.values()].map((room) => ({
        name: room.name,
        participants: [...room.participants.values()].map((p) => ({ identity: p.identity, tracks: p.tracks.size })),
      })),
    close: () => (closing ??= server.close()),
  };
}

export { SfuError, type SfuErrorCode } from "./errors.js";
export type { SignalEvent } from "./server.js";
export type { WebhookFaults } from "./webhook-faults.js";
export type { WebhookEventName } from "./webhooks.js";
export type { SignalProtocol } from "./participant.js";
