import { MediaStream, MediaStreamTrack, type RTCDataChannel, type RTCPeerConnection, type RTCRtpTransceiver } from "werift";
import { DownTrack } from "./down-track.js";
import { TrackSettingsStore, type TrackSettings } from "./track-settings.js";
import type { Downstream } from "./downstream.js";
import { acceptRemoteCandidate, createPeer, parseCandidate, type CandidateInit } from "./peer.js";
import type { PublishedTrack } from "./published-track.js";
import { onSrtpReady } from "./srtp-ready.js";

export interface SubscriberCallbacks {
  sendOffer(sdp: string, id: number): void;
  sendCandidate(candidateInit: string): void;
}

interface Entry {
  transceiver: RTCRtpTransceiver;
  down: DownTrack;
}

/**
 * The client's subscriber connection (`/rtc`): the SFU offers one sendonly section per subscribed
 * track. Offers are chained, never overlapping; they start right after the join response when
 * the subscriber connection is primary, else once the client sent its first publisher offer.
 */
export class SubscriberPeer implements Downstream {
  readonly pc: RTCPeerConnection;
  private readonly entries = new Map<string, Entry>();
  private readonly settings = new TrackSettingsStore();
  private pendingCandidates: CandidateInit[] = [];
  private offerId = 0;
  private awaitingAnswer = false;
  private needsOffer = false;
  private enabled = false;
  private connected = false;
  private closed = false;
  private readonly channels: Record<"_reliable" | "_lossy", RTCDataChannel>;

  constructor(
    private readonly host: string,
    private readonly cb: SubscriberCallbacks,
  ) {
    this.pc = createPeer(host);
    // The client adopts server-created channels with these labels to receive others' data.
    this.channels = {
      _reliable: this.pc.createDataChannel("_reliable", { ordered: true }),
      _lossy: this.pc.createDataChannel("_lossy", { ordered: false, maxRetransmits: 0 }),
    };
    this.pc.onIceCandidate.subscribe((c) => {
      if (c && acceptRemoteCandidate(host, c.candidate)) cb.sendCandidate(JSON.stringify(c.toJSON()));
    });
    // Forwarding (and the first keyframe request) starts with SRTP, not after the data channels.
    onSrtpReady(this.pc, () => {
      this.connected = true;
      for (const e of this.entries.values()) e.down.activate();
    });
  }

  get trackSids(): string[] {
    return [...this.entries.keys()];
  }

  downTrack(trackSid: string): DownTrack | undefined {
    return this.entries.get(trackSid)?.down;
  }

  wantedQuality(track: PublishedTrack): number | undefined {
    if (!this.entries.has(track.sid)) return undefined;
    return this.settings.wantedQuality(track.sid, track.info.layers);
  }

  updateSettings(trackSid: string, change: Partial<TrackSettings>): void {
    this.settings.update(trackSid, change, this.downTrack(trackSid));
  }

  /** Allows offers from now on (subscriber-primary join, or the client's first publisher offer). */
  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    // Offer even without tracks: the data channels need the connection.
    this.negotiate();
  }

  /** Sends a data packet on the matching channel once it is open (dropped before, like lossy data). */
  sendData(label: string, data: Buffer): void {
    const channel = label === "_lossy" ? this.channels._lossy : this.channels._reliable;
    if (channel.readyState === "open") channel.send(data);
  }

  addTrack(track: PublishedTrack): void {
    if (this.closed || this.entries.has(track.sid)) return;
    const local = new MediaStreamTrack({ kind: track.kind });
    // The client maps `<participant sid>|<track sid>` stream ids to participant and track.
    const transceiver = this.pc.addTransceiver(local, {
      direction: "sendonly",
      streams: [new MediaStream({ id: `${track.participantSid}|${track.sid}` })],
    });
    (transceiver.sender as { trackId: string }).trackId = track.sid;
    // Offer only the publisher's codec, so the payload type werift stamps matches the payload.
    const mime = track.mimeType.toLowerCase();
    // (werift only fills transceiver.codecs at createOffer when it is still empty.)
    const codecs = (this.pc.config.codecs[track.kind] ?? []).filter((c) => c.mimeType.toLowerCase() === mime);
    if (codecs.length > 0) transceiver.codecs = codecs;
    const down = new DownTrack(track, transceiver.sender);
    this.settings.applyTo(track.sid, down);
    this.entries.set(track.sid, { transceiver, down });
    if (this.connected) down.activate();
    this.negotiate();
  }

  removeTrack(trackSid: string): void {
    const entry = this.entries.get(trackSid);
    if (!entry || this.closed) return;
    this.entries.delete(trackSid);
    // Forwarding stops; the m-section stays as it was. werift writes a removed sender's section
    // as rejected (port 0) yet keeps it in the BUNDLE group, which Chrome refuses outright, and
    // when that section carries the BUNDLE tag the subscriber connection cannot renegotiate again.
    // The client learns of the unpublish from the participant update, as with LiveKit.
    entry.down.close();
  }

  negotiate(): void {
    if (!this.enabled || this.closed) return;
    if (this.awaitingAnswer) {
      this.needsOffer = true;
      return;
    }
    this.needsOffer = false;
    this.awaitingAnswer = true;
    const id = ++this.offerId;
    void (async () => {
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      this.cb.sendOffer(this.pc.localDescription?.sdp ?? offer.sdp, id);
    })().catch(() => {
      this.awaitingAnswer = false;
    });
  }

  async handleAnswer(sdp: string, id: number): Promise<void> {
    if (id !== this.offerId || !this.awaitingAnswer) return;
    await this.pc.setRemoteDescription({ type: "answer", sdp });
    this.awaitingAnswer = false;
    const early = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of early) await this.addCandidateNow(c);
    if (this.needsOffer) this.negotiate();
  }

  /** Candidates may arrive before the description; they are parsed at once (malformed ones throw) and wait. */
  async addCandidate(candidateInit: string): Promise<void> {
    const init = parseCandidate(candidateInit);
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(init);
      return;
    }
    await this.addCandidateNow(init);
  }

  private async addCandidateNow(init: CandidateInit): Promise<void> {
    if (!init.candidate || !acceptRemoteCandidate(this.host, init.candidate)) return;
    await this.pc.addIceCandidate(init);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.entries.values()) e.down.close();
    this.entries.clear();
    await this.pc.close().catch(() => undefined);
  }
}
