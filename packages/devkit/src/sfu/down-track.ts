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
  /** The subscriber disabled the track (adaptive stream: not visible) or unsubscribed. */
  private paused = false;
  /** The next forwarded packet follows a gap (a pause): re-anchor the rewritten stream there. */
  private gap = false;
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

  /**
   * Stops or restarts forwarding, as `UpdateTrackSettings.disabled` asks. Video restarts at a
   * keyframe, asked for at once; the stream the subscriber sees continues without a hole.
   */
  setPaused(paused: boolean): void {
    if (this.paused === paused || this.closed) return;
    this.paused = paused;
    if (paused) {
      if (this.published.kind === "video") this.selector.reset();
      return;
    }
    this.gap = true;
    if (!this.active) return;
    this.evaluate(Date.now());
    this.requestKeyframe();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Highest simulcast layer to forward (undefined = any), from the subscriber's settings. */
  setMaxLayer(layer: string | undefined): void {
    if (this.selector.maxLayer === layer) return;
    this.selector.maxLayer = layer;
    if (this.active && !this.paused) this.evaluate(Date.now());
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
    if (!this.active || this.closed || this.paused) return;
    const now = Date.now();
    if (this.published.kind === "audio") {
      if (this.gap) this.munger.rebase(packet, now);
      this.gap = false;
      this.send(packet, now);
      return;
    }
    if (now - this.lastEvaluation >= EVALUATE_EVERY_MS) this.evaluate(now);
    const decision = this.selector.accept(layer, isKeyframe(this.published.mimeType, packet.payload));
    if (decision === "drop") return;
    if (decision === "switch") {
      this.munger.rebase(packet, now);
      this.gap = false;
    }
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
