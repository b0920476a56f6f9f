import type { RTCRtpSender, RtpPacket } from "werift";
import { isKeyframe } from "./keyframe.js";
import { LayerSelector } from "./layers.js";
import { RtpMunger } from "./munger.js";
import type { PublishedTrack } from "./published-track.js";

const EVALUATE_EVERY_MS = 250;

/**
 * One published track as one subscriber receives it: a single layer, rewritten to one continuous
 * stream. Nothing is forwarded before the subscriber's DTLS is up (werift would drop it) and video
 * starts at a keyframe.
 */
export class DownTrack {
  private readonly selector: LayerSelector;
  private readonly munger: RtpMunger;
  private readonly unsubscribe: () => void;
  private lastEvaluation = 0;
  private active = false;
  private closed = false;
  private unsubscribePli: (() => void) | undefined;

  constructor(
    readonly published: PublishedTrack,
    readonly sender: RTCRtpSender,
  ) {
    this.selector = new LayerSelector(published);
    this.munger = new RtpMunger(published.clockRate);
    this.unsubscribe = published.subscribe((layer, packet) => this.onPacket(layer, packet));
    // The subscriber's decoder lost state: pass its keyframe request upstream (throttled there).
    this.unsubscribePli = sender.onPictureLossIndication.subscribe(() => this.requestKeyframe()).unSubscribe;
  }

  /** Called when the subscriber connection is up: start forwarding, from a fresh keyframe. */
  activate(): void {
    if (this.active || this.closed) return;
    this.active = true;
    this.lastEvaluation = 0;
    this.evaluate(Date.now());
    this.requestKeyframe();
  }

  private requestKeyframe(): void {
    if (this.published.kind !== "video") return;
    const layer = this.selector.target ?? this.selector.current;
    if (layer !== undefined) this.published.requestKeyframe(layer);
  }

  private evaluate(now: number): void {
    this.lastEvaluation = now;
    const wanted = this.selector.update(now);
    if (wanted !== undefined) this.published.requestKeyframe(wanted);
  }

  private onPacket(layer: string, packet: RtpPacket): void {
    if (!this.active || this.closed) return;
    const now = Date.now();
    if (this.published.kind === "audio") {
      this.send(packet, now);
      return;
    }
    if (now - this.lastEvaluation >= EVALUATE_EVERY_MS) this.evaluate(now);
    const decision = this.selector.accept(layer, isKeyframe(this.published.mimeType, packet.payload));
    if (decision === "drop") return;
    if (decision === "switch") this.munger.rebase(packet, now);
    if (packet.payload.length === 0) {
      // Padding-only probes carry no media; close the sequence gap instead.
      this.munger.skip();
      return;
    }
    this.send(packet, now);
  }

  private send(packet: RtpPacket, now: number): void {
    this.sender.sendRtp(this.munger.rewrite(packet, now)).catch(() => undefined);
  }

  /** Layer currently forwarded (for tests and the benchmark). */
  get currentLayer(): string | undefined {
    return this.selector.current;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.unsubscribePli?.();
  }
}
