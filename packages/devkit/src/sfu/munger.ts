import { RtpHeader, RtpPacket } from "werift";

/**
 * Rewrites sequence numbers and timestamps of one outgoing stream so that switching its source
 * (another simulcast layer) stays continuous for the subscriber's jitter buffer. werift then
 * stamps its own ssrc and payload type. Each subscriber gets its own packet copy because werift's
 * sender mutates the packet it sends.
 */
export class RtpMunger {
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq: number | undefined;
  private lastTs: number | undefined;
  private lastSentAt = 0;

  constructor(private readonly clockRate: number) {}

  /** Re-anchors offsets so `packet` follows the last sent packet (call on a source switch). */
  rebase(packet: RtpPacket, now: number): void {
    if (this.lastSeq === undefined || this.lastTs === undefined) return;
    const elapsed = Math.max(1, Math.round(((now - this.lastSentAt) * this.clockRate) / 1000));
    this.seqOffset = (this.lastSeq + 1 - packet.header.sequenceNumber) & 0xffff;
    this.tsOffset = (this.lastTs + elapsed - packet.header.timestamp) >>> 0;
  }

  /** Leaves a hole-free sequence when an incoming packet is not forwarded (padding). */
  skip(): void {
    this.seqOffset = (this.seqOffset - 1) & 0xffff;
  }

  rewrite(packet: RtpPacket, now: number): RtpPacket {
    const seq = (packet.header.sequenceNumber + this.seqOffset) & 0xffff;
    const ts = (packet.header.timestamp + this.tsOffset) >>> 0;
    const newer = this.lastSeq === undefined || ((seq - this.lastSeq) & 0xffff) < 0x8000;
    if (newer) {
      this.lastSeq = seq;
      this.lastTs = ts;
      this.lastSentAt = now;
    }
    // Header extensions are dropped: their ids belong to the publisher's negotiation.
    const header = new RtpHeader({
      payloadType: packet.header.payloadType,
      marker: packet.header.marker,
      sequenceNumber: seq,
      timestamp: ts,
      ssrc: packet.header.ssrc,
      extensions: [],
    });
    return new RtpPacket(header, packet.payload);
  }
}
