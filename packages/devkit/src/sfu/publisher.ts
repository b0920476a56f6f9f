import type { RTCDataChannel, RTCPeerConnection, RTCRtpTransceiver } from "werift";
import { acceptRemoteCandidate, createPeer, parseCandidate, type CandidateInit } from "./peer.js";
import { keepUnusedSectionsOpen, parseSections } from "./sdp.js";

export interface PublisherCallbacks {
  /** `midToTrackId` is filled on a single connection (`/rtc/v1`), where answers carry tracks. */
  sendAnswer(sdp: string, id: number, midToTrackId: Record<string, string>): void;
  sendCandidate(candidateInit: string): void;
  /** A new sending m-section appeared; `cid` is its msid track id. */
  onTransceiver(transceiver: RTCRtpTransceiver, cid: string | undefined): void;
  /** An m-section the client stopped sending on (track unpublished). */
  onSectionStopped(mid: string): void;
  onFirstOffer(): void;
  /** A message on one of the client's data channels (`_reliable`, `_lossy`). */
  onData(label: string, data: Buffer): void;
  /**
   * Runs between applying an offer and answering it (single connection: binds subscribed
   * tracks to the client's receive-only sections); returns the answer's `mid_to_track_id`.
   */
  prepareAnswer?(): Record<string, string>;
}

/**
 * Makes the SFU's answers take the DTLS server role (`a=setup:passive`) while the role is still
 * open, as the client offers `actpass`. werift as the DTLS client waits a fixed 100 ms after ICE
 * connects before its ClientHello (`werift/lib/webrtc/src/transport/dtls.js`); as the server it
 * answers the browser's ClientHello the moment it arrives, which the browser sends as soon as its
 * own ICE check succeeds. A role already settled (a renegotiation, an ICE restart) is kept.
 */
export function answerAsDtlsServer(pc: RTCPeerConnection): void {
  for (const transport of pc.dtlsTransports) {
    if (transport.role === "auto") transport.role = "server";
  }
}

/**
 * The client's publisher connection (`/rtc`), or its only connection (`/rtc/v1`): the client
 * offers, the SFU only answers.
 */
export class PublisherPeer {
  readonly pc: RTCPeerConnection;
  private chain: Promise<void> = Promise.resolve();
  private pendingCandidates: CandidateInit[] = [];
  private readonly known = new Set<string>();
  private gotOffer = false;
  private closed = false;
  /** The client's data channels by label; on a single connection the SFU also sends on them. */
  readonly channels = new Map<string, RTCDataChannel>();

  constructor(
    private readonly host: string,
    private readonly cb: PublisherCallbacks,
  ) {
    this.pc = createPeer(host);
    this.pc.onIceCandidate.subscribe((c) => {
      if (c && acceptRemoteCandidate(host, c.candidate)) cb.sendCandidate(JSON.stringify(c.toJSON()));
    });
    this.pc.ontrack = (event) => {
      const mid = event.transceiver.mid ?? "";
      // werift fires again on every re-offer for a sending section.
      if (this.known.has(mid)) return;
      this.known.add(mid);
      cb.onTransceiver(event.transceiver, event.transceiver.receiver.remoteTrackId);
    };
    // The client opens _lossy, _reliable and _data_track before its first offer; werift accepts them.
    this.pc.onDataChannel.subscribe((channel) => {
      this.channels.set(channel.label, channel);
      channel.onMessage.subscribe((data) => {
        if (Buffer.isBuffer(data)) cb.onData(channel.label, data);
      });
    });
  }

  /** Offers are applied one at a time, in arrival order. */
  handleOffer(sdp: string, id: number): Promise<void> {
    const run = async () => {
      if (this.closed) return;
      await this.pc.setRemoteDescription({ type: "offer", sdp });
      answerAsDtlsServer(this.pc);
      const midToTrackId = this.cb.prepareAnswer?.() ?? {};
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      // werift hands an `inactive` section to the next transceiver it creates, even one made for
      // a new remote section (whose mid it then never sets): the section the client offered and
      // the one werift thinks it is drift apart. Marking every section as used stops that reuse.
      for (const t of this.pc.getTransceivers()) (t as { usedForSender: boolean }).usedForSender = true;
      this.cb.sendAnswer(keepUnusedSectionsOpen(sdp, this.pc.localDescription?.sdp ?? answer.sdp), id, midToTrackId);
      const early = this.pendingCandidates;
      this.pendingCandidates = [];
      for (const c of early) await this.addCandidateNow(c);
      for (const s of parseSections(sdp)) {
        if (this.known.has(s.mid) && (s.port === 0 || !["sendonly", "sendrecv"].includes(s.direction))) {
          this.known.delete(s.mid);
          this.cb.onSectionStopped(s.mid);
        }
      }
      if (!this.gotOffer) {
        this.gotOffer = true;
        this.cb.onFirstOffer();
      }
    };
    const next = this.chain.then(run);
    this.chain = next.catch(() => undefined);
    return next;
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
    await this.pc.close().catch(() => undefined);
  }
}
