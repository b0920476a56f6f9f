import type { MediaStreamTrack, RTCRtpReceiver, RtpPacket } from "werift";
import type { TrackInfo } from "@livekit/protocol";
import type { LayerSource } from "./layers.js";

/** Simulcast rids from lowest to highest quality, as livekit-client names them. */
const RID_RANK = ["q", "h", "f"];
const FLOWING_WINDOW_MS = 1000;
const PLI_INTERVAL_MS = 100;

export type PacketListener = (layer: string, packet: RtpPacket) => void;

interface Layer {
  track: MediaStreamTrack;
  /** Learned from the first packet: werift leaves rid tracks without an ssrc. */
  ssrc: number | undefined;
  lastSeen: number;
  lastPli: number;
  /** A request that came within PLI_INTERVAL_MS of the last one, sent when the interval ends. */
  pendingPli: ReturnType<typeof setTimeout> | undefined;
}

/** One track a participant publishes: its layers as received, fanned out to subscribers. */
export class PublishedTrack implements LayerSource {
  readonly layers = new Map<string, Layer>();
  readonly layerOrder: string[];
  private readonly listeners = new Set<PacketListener>();
  private readonly unsubscribes: (() => void)[] = [];
  readonly endedListeners = new Set<() => void>();
  closed = false;

  constructor(
    readonly info: TrackInfo,
    readonly participantSid: string,
    readonly participantIdentity: string,
    readonly kind: "audio" | "video",
    readonly mimeType: string,
    readonly clockRate: number,
    private readonly receiver: RTCRtpReceiver,
    readonly mid: string,
    tracks: MediaStreamTrack[],
  ) {
    for (const track of tracks) {
      const key = track.rid ?? "";
      const layer: Layer = { track, ssrc: track.ssrc, lastSeen: 0, lastPli: 0, pendingPli: undefined };
      this.layers.set(key, layer);
      const { unSubscribe } = track.onReceiveRtp.subscribe((packet) => {
        layer.lastSeen = Date.now();
        if (layer.ssrc === undefined) {
          layer.ssrc = packet.header.ssrc;
          // The first keyframe request could not be sent without an ssrc.
          if (kind === "video") this.requestKeyframe(key);
        }
        for (const listener of this.listeners) listener(key, packet);
      });
      this.unsubscribes.push(unSubscribe);
    }
    const rank = (rid: string) => (RID_RANK.includes(rid) ? RID_RANK.indexOf(rid) : RID_RANK.length);
    this.layerOrder = [...this.layers.keys()].sort((a, b) => rank(a) - rank(b));
  }

  get sid(): string {
    return this.info.sid;
  }

  isFlowing(layer: string, now: number): boolean {
    const l = this.layers.get(layer);
    return l !== undefined && now - l.lastSeen < FLOWING_WINDOW_MS;
  }

  subscribe(listener: PacketListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks the publisher for a keyframe on one layer; throttled because every subscriber may ask.
   * A request inside the interval is deferred to its end, not dropped: the keyframe the earlier
   * request brings may reach a subscriber that was not yet ready for it (its DTLS still coming
   * up, or its video paused by adaptive stream until the element showed), and a dropped request
   * then left it without a picture until a later layer evaluation asked again.
   */
  requestKeyframe(layer: string): void {
    const l = this.layers.get(layer);
    if (!l || l.ssrc === undefined || this.closed) return;
    const now = Date.now();
    const wait = l.lastPli + PLI_INTERVAL_MS - now;
    if (wait > 0) {
      l.pendingPli ??= setTimeout(() => {
        l.pendingPli = undefined;
        this.requestKeyframe(layer);
      }, wait);
      return;
    }
    l.lastPli = now;
    this.receiver.sendRtcpPLI(l.ssrc).catch(() => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.layers.values()) clearTimeout(l.pendingPli);
    for (const u of this.unsubscribes) u();
    this.listeners.clear();
    for (const l of this.endedListeners) l();
    this.endedListeners.clear();
  }
}
