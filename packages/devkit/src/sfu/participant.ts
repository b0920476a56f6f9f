import type { WebSocket } from "ws";
import type { RTCRtpTransceiver } from "werift";
import {
  AddTrackRequest,
  DataPacket,
  DisconnectReason,
  LeaveRequest,
  LeaveRequest_Action,
  MediaSectionsRequirement,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  ParticipantUpdate,
  type ReconnectResponse,
  Pong,
  RequestResponse,
  RequestResponse_Reason,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  TrackInfo,
  TrackPublishedResponse,
  TrackType,
  TrickleRequest,
  TrackUnpublishedResponse,
} from "@livekit/protocol";
import type { Downstream } from "./downstream.js";
import { SfuError } from "./errors.js";
import { newId } from "./ids.js";
import { PublishedTrack } from "./published-track.js";
import { PublisherPeer } from "./publisher.js";
import { SinglePeerDownstream } from "./single-peer.js";
import { SubscriberPeer } from "./subscriber.js";
import { mayPublish, type Grants } from "./token.js";

type Response = SignalResponse["message"];

/** LiveKit's default departure timeout: how long a session without signaling may be resumed. */
export const DEFAULT_DEPARTURE_TIMEOUT_MS = 20_000;

/** What a participant needs from its room. */
export interface ParticipantRoom {
  trackPublished(p: Participant, track: PublishedTrack): void;
  trackUnpublished(p: Participant, track: PublishedTrack): void;
  participantChanged(p: Participant): void;
  participantLeft(p: Participant): void;
  /** The participant's primary connection came up for the first time (LiveKit: ACTIVE). */
  participantActive(p: Participant): void;
  /** A subscriber's settings or subscriptions changed (dynacast recomputes what publishers send). */
  subscriptionsChanged(): void;
  /** Called once the client may receive subscriber offers. */
  subscriberReady(p: Participant): void;
  /** Relays a data packet (already stamped with the sender) to the others. */
  relayData(p: Participant, label: string, packet: DataPacket): void;
}

/**
 * Which signaling protocol the client joined with: `v0` = `/rtc`, a publisher and a subscriber
 * connection; `v1` = `/rtc/v1`, one connection that publishes and subscribes.
 */
export type SignalProtocol = "v0" | "v1";

/** One connected client: its signaling socket, its peer connection(s) and its tracks. */
export class Participant {
  readonly sid = newId("PA");
  readonly joinedAt = Date.now();
  readonly publisher: PublisherPeer;
  /** What this participant receives on: its subscriber connection (v0) or its only one (v1). */
  readonly subscriber: Downstream;
  /** The v0 subscriber connection; undefined on v1. */
  private readonly subscriberPeer: SubscriberPeer | undefined;
  readonly tracks = new Map<string, PublishedTrack>();
  /** AddTrackRequests waiting for their m-section, by cid. */
  private readonly pending = new Map<string, TrackInfo>();
  /** Codec each pending track asked for ("vp8", "h264"), by cid. */
  private readonly preferredCodec = new Map<string, string>();
  private version = 1;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Last time the client sent anything (it pings every ping interval). */
  lastSeen = Date.now();
  /** Round-trip time the client last reported with its ping (ms); null before the first one. */
  rttMs: number | null = null;
  closed = false;
  /** The primary connection has connected (LiveKit's ACTIVE; JOINED before). */
  active = false;
  /** The current signaling socket; a resumed session swaps it for the new one. */
  private ws!: WebSocket;
  /** Frames are handled in order, each after the previous one (an offer before its candidates). */
  private chain: Promise<void> = Promise.resolve();
  /** Running while the signaling socket is gone: the session may still be resumed. */
  private departureTimer: NodeJS.Timeout | undefined;
  readonly protocol: SignalProtocol;
  private readonly departureTimeoutMs: number;

  constructor(
    ws: WebSocket,
    readonly grants: Grants,
    private readonly room: ParticipantRoom,
    host: string,
    private readonly log: (message: string) => void,
    options: { protocol?: SignalProtocol; departureTimeoutMs?: number } = {},
  ) {
    const protocol = (this.protocol = options.protocol ?? "v0");
    this.departureTimeoutMs = options.departureTimeoutMs ?? DEFAULT_DEPARTURE_TIMEOUT_MS;
    let single: SinglePeerDownstream | undefined;
    this.publisher = new PublisherPeer(host, {
      sendAnswer: (sdp, id, midToTrackId) =>
        this.send({ case: "answer", value: new SessionDescription({ type: "answer", sdp, id, midToTrackId }) }),
      prepareAnswer: () => single?.prepareAnswer() ?? {},
      sendCandidate: (c) => this.sendCandidate(c, SignalTarget.PUBLISHER),
      onTransceiver: (t, cid) => this.onTransceiver(t, cid),
      onSectionStopped: (mid) => {
        for (const track of this.tracks.values()) if (track.mid === mid) this.unpublish(track);
      },
      onData: (label, data) => this.onData(label, data),
      onFirstOffer: () => {
        this.subscriberPeer?.enable();
        this.room.subscriberReady(this);
      },
    });
    if (protocol === "v1") {
      single = new SinglePeerDownstream(this.publisher.pc, {
        requestSections: (numAudios, numVideos) =>
          this.send({ case: "mediaSectionsRequirement", value: new MediaSectionsRequirement({ numAudios, numVideos }) }),
        channel: (label) => this.publisher.channels.get(label),
      });
      this.subscriber = single;
    } else {
      this.subscriberPeer = new SubscriberPeer(host, {
        sendOffer: (sdp, id) => this.send({ case: "offer", value: new SessionDescription({ type: "offer", sdp, id }) }),
        sendCandidate: (c) => this.sendCandidate(c, SignalTarget.SUBSCRIBER),
      });
      this.subscriber = this.subscriberPeer;
    }
    // A signal-less session ends at once when its media connection is gone too (a closed tab).
    const primary = protocol === "v1" || !this.subscriberPrimary ? this.publisher.pc : this.subscriberPeer!.pc;
    primary.connectionStateChange.subscribe((state) => {
      if (state === "connected" && !this.active && !this.closed) {
        this.active = true;
        this.version++;
        this.room.participantActive(this);
      }
      if (this.departureTimer && (state === "failed" || state === "closed")) this.close(DisconnectReason.SIGNAL_CLOSE, false);
    });
    this.attach(ws);
  }

  /** Takes frames from this socket from now on; its loss starts the departure timeout. */
  private attach(ws: WebSocket): void {
    this.ws = ws;
    ws.on("message", (data, isBinary) => {
      if (this.ws !== ws) return;
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.enqueue(() => this.handleFrame(buffer, isBinary));
    });
    const lost = () => {
      if (this.ws === ws) this.signalLost();
    };
    ws.on("close", lost);
    ws.on("error", lost);
  }

  /** Runs `task` after every frame received so far has been handled. */
  enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch(() => undefined);
  }

  /**
   * The signaling socket went away without a leave: like LiveKit, the participant and its tracks
   * stay for the departure timeout, so the client can resume the session (`reconnect=1`).
   */
  private signalLost(): void {
    if (this.closed || this.departureTimer) return;
    this.departureTimer = setTimeout(() => this.close(DisconnectReason.SIGNAL_CLOSE, false), this.departureTimeoutMs);
    this.departureTimer.unref();
  }

  /** False while the signaling socket is gone and the session waits to be resumed. */
  get signalConnected(): boolean {
    return this.departureTimer === undefined;
  }

  /** Whether a reconnect may take over this session. */
  get resumable(): boolean {
    return !this.closed;
  }

  /**
   * Resumes the session on a new signaling socket: the participant, its tracks and its peer
   * connections stay (no leave, no join); the client then restarts ICE with a new offer.
   */
  resume(ws: WebSocket, response: ReconnectResponse, others: ParticipantInfo[]): void {
    clearTimeout(this.departureTimer);
    this.departureTimer = undefined;
    const old = this.ws;
    this.attach(ws);
    this.lastSeen = Date.now();
    try {
      old.terminate();
    } catch {
      // Already gone.
    }
    this.send({ case: "reconnect", value: response });
    // Whatever changed while the socket was down (others joined, left or published).
    if (others.length > 0) this.send({ case: "update", value: new ParticipantUpdate({ participants: others }) });
  }

  /**
   * LiveKit's rule: on `/rtc` a participant that may subscribe has the subscriber connection as
   * its primary one (the SFU offers on it at once, and the client's `connect()` waits for it);
   * one that may not, and every `/rtc/v1` participant, is publisher-primary.
   */
  get subscriberPrimary(): boolean {
    return this.protocol === "v0" && this.grants.canSubscribe;
  }

  /** Called once the join response is out: a subscriber-primary client gets its offer now. */
  joined(): void {
    if (this.subscriberPrimary) this.subscriberPeer?.enable();
  }

  get identity(): string {
    return this.grants.identity;
  }

  permission(): ParticipantPermission {
    return new ParticipantPermission({
      canPublish: this.grants.canPublish,
      canSubscribe: this.grants.canSubscribe,
      canPublishData: this.grants.canPublishData,
      canPublishSources: this.grants.canPublishSources,
      hidden: this.grants.hidden,
    });
  }

  info(state: ParticipantInfo_State = this.active ? ParticipantInfo_State.ACTIVE : ParticipantInfo_State.JOINED): ParticipantInfo {
    return new ParticipantInfo({
      sid: this.sid,
      identity: this.identity,
      name: this.grants.name,
      metadata: this.grants.metadata,
      attributes: this.grants.attributes,
      state,
      tracks: [...this.tracks.values()].map((t) => t.info),
      joinedAt: BigInt(Math.floor(this.joinedAt / 1000)),
      joinedAtMs: BigInt(this.joinedAt),
      version: this.version,
      permission: this.permission(),
      isPublisher: this.tracks.size > 0,
    });
  }

  send(message: Response): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(new SignalResponse({ message }).toBinary());
  }

  /** The offer a v1 client put in its join request, handled like one sent on the socket. */
  handleJoinOffer(offer: SessionDescription): void {
    this.enqueue(() =>
      this.handleRequest(new SignalRequest({ message: { case: "offer", value: offer } })).catch((error: unknown) => {
        this.log(`[dev-sfu] closing ${this.identity}: ${error instanceof Error ? error.message : String(error)}`);
        this.close(DisconnectReason.STATE_MISMATCH, true);
      }),
    );
  }

  private sendCandidate(candidateInit: string, target: SignalTarget): void {
    this.send({ case: "trickle", value: new TrickleRequest({ candidateInit, target }) });
  }

  /** Handles one signaling frame; anything malformed or failing ends this participant only. */
  async handleFrame(data: Buffer, isBinary: boolean): Promise<void> {
    if (this.closed) return;
    this.lastSeen = Date.now();
    try {
      let request: SignalRequest;
      try {
        request = isBinary ? SignalRequest.fromBinary(data) : SignalRequest.fromJsonString(data.toString("utf8"));
      } catch (cause) {
        throw new SfuError("sfu/malformed-message", "malformed signal message", 400, { cause });
      }
      await this.handleRequest(request);
    } catch (error) {
      this.log(`[dev-sfu] closing ${this.identity}: ${error instanceof Error ? error.message : String(error)}`);
      this.close(DisconnectReason.STATE_MISMATCH, true);
    }
  }

  private async handleRequest(request: SignalRequest): Promise<void> {
    const m = request.message;
    switch (m.case) {
      case "offer":
        await this.publisher.handleOffer(m.value.sdp, m.value.id);
        break;
      case "answer":
        // Only a v0 subscriber connection receives offers; a stray answer on v1 is ignored.
        await this.subscriberPeer?.handleAnswer(m.value.sdp, m.value.id);
        break;
      case "trickle":
        if (m.value.target === SignalTarget.SUBSCRIBER && this.subscriberPeer) {
          await this.subscriberPeer.addCandidate(m.value.candidateInit);
        } else await this.publisher.addCandidate(m.value.candidateInit);
        break;
      case "addTrack":
        this.addTrack(m.value);
        break;
      case "mute":
        this.setMuted(m.value.sid, m.value.muted);
        break;
      case "leave":
        this.close(DisconnectReason.CLIENT_INITIATED, false);
        break;
      case "ping":
        this.send({ case: "pong", value: BigInt(Date.now()) });
        break;
      case "pingReq":
        if (m.value.rtt > 0n) this.rttMs = Number(m.value.rtt);
        this.send({
          case: "pongResp",
          value: new Pong({ lastPingTimestamp: m.value.timestamp, timestamp: BigInt(Date.now()) }),
        });
        break;
      case "trackSetting":
        // Adaptive stream (element hidden / its size) and RemoteTrackPublication.setEnabled.
        for (const sid of m.value.trackSids) {
          const { disabled, quality, width, height } = m.value;
          this.subscriber.updateSettings(sid, { disabled, quality, width, height });
        }
        this.room.subscriptionsChanged();
        break;
      case "subscription":
        // setSubscribed(false) pauses forwarding; the subscription itself stays negotiated.
        for (const sid of [...m.value.trackSids, ...m.value.participantTracks.flatMap((p) => p.trackSids)]) {
          this.subscriber.updateSettings(sid, { unsubscribed: !m.value.subscribe });
        }
        this.room.subscriptionsChanged();
        break;
      case undefined:
        throw new SfuError("sfu/malformed-message", "empty signal message");
      default:
        // updateLayers, subscriptionPermission, syncState…: accepted and ignored.
        break;
    }
  }

  private addTrack(req: AddTrackRequest): void {
    if (!mayPublish(this.grants, req.source)) {
      this.send({
        case: "requestResponse",
        value: new RequestResponse({
          reason: RequestResponse_Reason.NOT_ALLOWED,
          message: "does not have permission to publish",
          request: { case: "addTrack", value: req },
        }),
      });
      return;
    }
    const info = new TrackInfo({
      sid: newId("TR"),
      type: req.type,
      name: req.name,
      source: req.source,
      muted: req.muted,
      width: req.width,
      height: req.height,
      layers: req.layers,
      simulcast: req.layers.length > 1,
      disableDtx: req.disableDtx,
      stereo: req.stereo,
      stream: req.stream,
    });
    this.pending.set(req.cid, info);
    const preferred = req.simulcastCodecs[0]?.codec;
    if (preferred) this.preferredCodec.set(req.cid, preferred.toLowerCase());
    this.send({ case: "trackPublished", value: new TrackPublishedResponse({ cid: req.cid, track: info }) });
  }

  private onTransceiver(transceiver: RTCRtpTransceiver, cid: string | undefined): void {
    const kind = transceiver.kind === "audio" ? "audio" : "video";
    let key = cid !== undefined && this.pending.has(cid) ? cid : undefined;
    if (key === undefined) {
      // No msid match: take the oldest announced track of the same kind.
      const type = kind === "audio" ? TrackType.AUDIO : TrackType.VIDEO;
      key = [...this.pending.entries()].find(([, info]) => info.type === type)?.[0];
    }
    // An m-section without an allowed AddTrackRequest is never forwarded.
    if (key === undefined) return;
    const info = this.pending.get(key)!;
    this.pending.delete(key);
    // Like LiveKit, the answer puts the codec the client asked for first: the browser sends the
    // first codec of the answer.
    const preferred = this.preferredCodec.get(key);
    this.preferredCodec.delete(key);
    if (preferred) {
      const rank = (mime: string) => (mime.toLowerCase() === `${kind}/${preferred}` ? 0 : 1);
      transceiver.codecs = [...transceiver.codecs].sort((a, b) => rank(a.mimeType) - rank(b.mimeType));
    }
    const codec = transceiver.codecs[0];
    info.mimeType = codec?.mimeType ?? (kind === "audio" ? "audio/opus" : "video/VP8");
    info.mid = transceiver.mid ?? "";
    const track = new PublishedTrack(
      info,
      this.sid,
      this.identity,
      kind,
      info.mimeType,
      codec?.clockRate ?? (kind === "audio" ? 48000 : 90000),
      transceiver.receiver,
      info.mid,
      transceiver.receiver.tracks,
    );
    this.tracks.set(info.sid, track);
    this.version++;
    this.room.trackPublished(this, track);
  }

  private onData(label: string, data: Buffer): void {
    if (this.closed || !this.grants.canPublishData || (label !== "_reliable" && label !== "_lossy")) return;
    let packet: DataPacket;
    try {
      packet = DataPacket.fromBinary(data);
    } catch {
      return; // Undecodable data is dropped; signaling is where malformed input ends a session.
    }
    // Receivers learn the sender from the server's stamp, never from the client's claim.
    packet.participantIdentity = this.identity;
    packet.participantSid = this.sid;
    if (packet.value.case === "user") {
      packet.value.value.participantIdentity = this.identity;
      packet.value.value.participantSid = this.sid;
    }
    this.room.relayData(this, label, packet);
  }

  private unpublish(track: PublishedTrack): void {
    if (!this.tracks.delete(track.sid)) return;
    track.close();
    this.version++;
    this.send({ case: "trackUnpublished", value: new TrackUnpublishedResponse({ trackSid: track.sid }) });
    this.room.trackUnpublished(this, track);
  }

  private setMuted(sid: string, muted: boolean): void {
    const track = this.tracks.get(sid);
    if (!track || track.info.muted === muted) return;
    track.info.muted = muted;
    this.version++;
    this.room.participantChanged(this);
  }

  /**
   * Ends the participant: tells the client to go when it is still there, closes both peer
   * connections, then lets the room unpublish its tracks and tell the others.
   */
  close(reason: DisconnectReason, notifyClient: boolean): void {
    if (this.closed) return;
    if (notifyClient) {
      this.send({
        case: "leave",
        value: new LeaveRequest({ reason, action: LeaveRequest_Action.DISCONNECT, canReconnect: false }),
      });
    }
    this.closed = true;
    clearInterval(this.refreshTimer);
    clearTimeout(this.departureTimer);
    for (const track of this.tracks.values()) track.close();
    this.version++;
    this.room.participantLeft(this);
    this.tracks.clear();
    void this.publisher.close();
    void this.subscriber.close();
    try {
      this.ws.close();
    } catch {
      // Socket already gone.
    }
  }

  /** Sends `refresh_token` now and then every `everyMs`. */
  startTokenRefresh(mint: () => Promise<string>, everyMs: number): void {
    const send = () =>
      mint()
        .then((token) => this.send({ case: "refreshToken", value: token }))
        .catch((error: unknown) => this.log(`[dev-sfu] token refresh failed: ${String(error)}`));
    void send();
    this.refreshTimer = setInterval(() => void send(), everyMs);
    this.refreshTimer.unref();
  }
}
