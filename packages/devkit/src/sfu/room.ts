import {
  ClientConfigSetting,
  ClientConfiguration,
  ConnectionQualityInfo,
  ConnectionQualityUpdate,
  type DataPacket,
  DisconnectReason,
  JoinResponse,
  type ParticipantInfo,
  ParticipantInfo_State,
  ReconnectResponse,
  ParticipantUpdate,
  Room,
  ServerInfo,
  ServerInfo_Edition,
  SubscribedCodec,
  SubscribedQuality,
  SubscribedQualityUpdate,
} from "@livekit/protocol";
import { newId } from "./ids.js";
import { DEFAULT_DEPARTURE_TIMEOUT_MS } from "./participant.js";
import { connectionQuality } from "./quality.js";
import type { Participant, ParticipantRoom } from "./participant.js";
import type { PublishedTrack } from "./published-track.js";
import type { WebhookNotifier } from "./webhooks.js";

export const SERVER_VERSION = "1.9.0-alertrun-dev";
const PING_INTERVAL_S = 5;
export const PING_TIMEOUT_S = 15;
const QUALITY_INTERVAL_MS = 2_000;

/**
 * A room exists while someone is in it; after the last one leaves it stays for the departure
 * timeout (someone may come back) and then finishes, as LiveKit's rooms do.
 */
export class SfuRoom implements ParticipantRoom {
  readonly sid = newId("RM");
  readonly createdAt = Date.now();
  readonly participants = new Map<string, Participant>();
  closed = false;
  private readonly qualityTimer: ReturnType<typeof setInterval>;
  private emptyTimer: NodeJS.Timeout | undefined;
  private dynacastPending = false;
  /**
   * Last dynacast state sent per published track sid (highest enabled quality), and whether it
   * was sent again: the first one can reach the client while it is still publishing the track,
   * before it knows the sid, and is then dropped.
   */
  private readonly sentQuality = new Map<string, { max: number; at: number; repeated: boolean }>();

  constructor(
    readonly name: string,
    private readonly webhooks: WebhookNotifier,
    private readonly onClosed: (room: SfuRoom) => void,
    private readonly departureTimeoutMs: number = DEFAULT_DEPARTURE_TIMEOUT_MS,
  ) {
    this.webhooks.notify("room_started", { room: this.info() });
    // Like LiveKit, everyone hears everyone's connection quality (a viewer shows the publisher's).
    this.qualityTimer = setInterval(() => this.broadcastQuality(), QUALITY_INTERVAL_MS);
    this.qualityTimer.unref();
  }

  private broadcastQuality(): void {
    const now = Date.now();
    this.repeatDynacast(now);
    const updates = [...this.participants.values()].map(
      (p) => new ConnectionQualityInfo({ participantSid: p.sid, quality: connectionQuality(p.rttMs, now - p.lastSeen), score: 0 }),
    );
    if (updates.length === 0) return;
    const update = new ConnectionQualityUpdate({ updates });
    for (const p of this.participants.values()) p.send({ case: "connectionQuality", value: update });
  }

  info(): Room {
    const ps = [...this.participants.values()];
    return new Room({
      sid: this.sid,
      name: this.name,
      emptyTimeout: 0,
      departureTimeout: Math.round(this.departureTimeoutMs / 1000),
      creationTime: BigInt(Math.floor(this.createdAt / 1000)),
      creationTimeMs: BigInt(this.createdAt),
      numParticipants: ps.length,
      numPublishers: ps.filter((p) => p.tracks.size > 0).length,
    });
  }

  private others(p: Participant): Participant[] {
    return [...this.participants.values()].filter((o) => o !== p);
  }

  /** Adds a participant and sends its JoinResponse; a second connection with the same identity replaces the first. */
  join(p: Participant): void {
    // Added before the old twin is closed, so the room never looks empty in between.
    const twins = [...this.participants.values()].filter((o) => o.identity === p.identity);
    clearTimeout(this.emptyTimer);
    this.emptyTimer = undefined;
    this.participants.set(p.sid, p);
    p.send({
      case: "join",
      value: new JoinResponse({
        room: this.info(),
        participant: p.info(),
        otherParticipants: this.others(p)
          .filter((o) => !o.grants.hidden && o.identity !== p.identity)
          .map((o) => o.info()),
        serverVersion: SERVER_VERSION,
        serverInfo: new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: 16 }),
        // Sessions resume (reconnect=1) within the departure timeout, as on LiveKit.
        clientConfiguration: new ClientConfiguration({ resumeConnection: ClientConfigSetting.ENABLED }),
        subscriberPrimary: p.subscriberPrimary,
        pingInterval: PING_INTERVAL_S,
        pingTimeout: PING_TIMEOUT_S,
        iceServers: [],
      }),
    });
    p.joined();
    for (const twin of twins) twin.close(DisconnectReason.DUPLICATE_IDENTITY, true);
    this.broadcast(p);
    if (p.grants.canSubscribe) {
      for (const o of this.others(p)) for (const t of o.tracks.values()) p.subscriber.addTrack(t);
    }
    this.subscriptionsChanged();
  }

  /** The first message of a resumed session. */
  reconnectResponse(): ReconnectResponse {
    return new ReconnectResponse({
      iceServers: [],
      clientConfiguration: new ClientConfiguration({ resumeConnection: ClientConfigSetting.ENABLED }),
      serverInfo: new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: 16 }),
    });
  }

  /** Everyone else as `p` may see them, for a resumed client to catch up. */
  othersInfo(p: Participant): ParticipantInfo[] {
    return this.others(p)
      .filter((o) => !o.grants.hidden && o.identity !== p.identity)
      .map((o) => o.info());
  }

  /** Recomputes dynacast once the current burst of changes is over. */
  subscriptionsChanged(): void {
    if (this.dynacastPending || this.closed) return;
    this.dynacastPending = true;
    setImmediate(() => {
      this.dynacastPending = false;
      if (!this.closed) this.updateDynacast();
    });
  }

  /**
   * Dynacast, LiveKit's way: tells each publisher which simulcast layers someone needs (up to
   * the highest quality any subscriber wants; none when nobody watches), so a client with
   * `dynacast: true` stops encoding the others. Clients without dynacast ignore it.
   */
  private updateDynacast(): void {
    for (const p of this.participants.values()) {
      for (const track of p.tracks.values()) {
        if (track.kind !== "video" || track.info.layers.length < 2) continue;
        let max = -1;
        for (const o of this.others(p)) max = Math.max(max, o.subscriber.wantedQuality(track) ?? -1);
        const sent = this.sentQuality.get(track.sid);
        if (sent?.max === max) continue;
        this.sentQuality.set(track.sid, { max, at: Date.now(), repeated: false });
        this.sendDynacast(p, track, max);
      }
    }
  }

  /** Repeats each dynacast state once, a while after it was first sent. */
  private repeatDynacast(now: number): void {
    for (const p of this.participants.values()) {
      for (const track of p.tracks.values()) {
        const sent = this.sentQuality.get(track.sid);
        if (!sent || sent.repeated || now - sent.at < 1_000) continue;
        sent.repeated = true;
        this.sendDynacast(p, track, sent.max);
      }
    }
  }

  private sendDynacast(p: Participant, track: PublishedTrack, max: number): void {
    const qualities = [0, 1, 2].map((quality) => new SubscribedQuality({ quality, enabled: quality <= max }));
    const codec = track.mimeType.split("/")[1]?.toLowerCase() ?? "vp8";
    p.send({
      case: "subscribedQualityUpdate",
      value: new SubscribedQualityUpdate({
        trackSid: track.sid,
        subscribedQualities: qualities,
        subscribedCodecs: [new SubscribedCodec({ codec, qualities })],
      }),
    });
  }

  participantActive(p: Participant): void {
    // LiveKit posts participant_joined when the participant becomes active, not at signaling.
    this.broadcast(p, true);
    this.webhooks.notify("participant_joined", { room: this.info(), participant: p.info() });
  }

  subscriberReady(_p: Participant): void {
    // Subscriptions were queued at join; SubscriberPeer.enable() sends the offer.
  }

  trackPublished(p: Participant, track: PublishedTrack): void {
    // The update first: the client drops a track whose participant it does not know yet.
    this.broadcast(p, true);
    for (const o of this.others(p)) if (o.grants.canSubscribe) o.subscriber.addTrack(track);
    this.subscriptionsChanged();
    this.webhooks.notify("track_published", { room: this.info(), participant: p.info(), track: track.info });
  }

  trackUnpublished(p: Participant, track: PublishedTrack): void {
    for (const o of this.others(p)) o.subscriber.removeTrack(track.sid);
    this.sentQuality.delete(track.sid);
    this.subscriptionsChanged();
    this.broadcast(p, true);
    this.webhooks.notify("track_unpublished", { room: this.info(), participant: p.info(), track: track.info });
  }

  relayData(p: Participant, label: string, packet: DataPacket): void {
    const to = packet.destinationIdentities;
    const bytes = Buffer.from(packet.toBinary());
    for (const o of this.others(p)) {
      if (to.length > 0 && !to.includes(o.identity)) continue;
      o.subscriber.sendData(label, bytes);
    }
  }

  participantChanged(p: Participant): void {
    this.broadcast(p, true);
  }

  participantLeft(p: Participant): void {
    if (!this.participants.delete(p.sid)) return;
    this.subscriptionsChanged();
    for (const track of p.tracks.values()) {
      for (const o of this.others(p)) o.subscriber.removeTrack(track.sid);
      this.webhooks.notify("track_unpublished", { room: this.info(), participant: p.info(), track: track.info });
    }
    const gone = p.info(ParticipantInfo_State.DISCONNECTED);
    for (const o of this.participants.values()) {
      // The replacement of a duplicate identity must not hear that "it" left.
      if (o.identity === p.identity) continue;
      o.send({ case: "update", value: new ParticipantUpdate({ participants: [gone] }) });
    }
    this.webhooks.notify("participant_left", { room: this.info(), participant: gone });
    if (this.participants.size === 0 && !this.closed) {
      this.emptyTimer = setTimeout(() => this.close(), this.departureTimeoutMs);
      this.emptyTimer.unref();
    }
  }

  /**
   * Sends a participant's current info to the others (who must learn about a publisher before
   * its tracks are offered) and, when its tracks changed, to itself.
   */
  private broadcast(p: Participant, includeSelf = false): void {
    const update = new ParticipantUpdate({ participants: [p.info()] });
    for (const o of this.participants.values()) {
      if (o === p && !includeSelf) continue;
      if (o !== p && p.grants.hidden) continue;
      o.send({ case: "update", value: update });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.qualityTimer);
    clearTimeout(this.emptyTimer);
    for (const p of [...this.participants.values()]) p.close(DisconnectReason.ROOM_DELETED, true);
    this.webhooks.notify("room_finished", { room: this.info() });
    this.onClosed(this);
  }
}
