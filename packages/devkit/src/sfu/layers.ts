/**
 * Chooses which simulcast layer one subscriber receives. LiveKit's behaviour: start on the lowest
 * layer that is flowing (a picture quickly), move up once a higher layer flows, and only switch at
 * a keyframe of the layer being switched to.
 */
export interface LayerSource {
  /** Layer keys ordered from lowest to highest quality ("" for a non-simulcast track). */
  readonly layerOrder: readonly string[];
  /** Whether packets arrived on the layer recently. */
  isFlowing(layer: string, now: number): boolean;
}

export class LayerSelector {
  /** Layer being forwarded, or undefined before the first keyframe. */
  current: string | undefined;
  /** Layer to switch to at its next keyframe. */
  target: string | undefined;
  /**
   * Highest layer the subscriber asked for (its video element's size or a chosen quality, via
   * `UpdateTrackSettings`); undefined = no limit.
   */
  maxLayer: string | undefined;

  constructor(private readonly source: LayerSource) {}

  /** Forgets the forwarded layer: forwarding restarts at a keyframe (after a pause). */
  reset(): void {
    this.current = undefined;
    this.target = undefined;
  }

  /**
   * Re-evaluates the target. Returns the layer that needs a keyframe request, if the target
   * changed or is still pending.
   */
  update(now: number): string | undefined {
    const order = this.source.layerOrder;
    const cap = this.maxLayer === undefined ? -1 : order.indexOf(this.maxLayer);
    const alive = order.filter((l) => this.source.isFlowing(l, now));
    // Within the cap when anything there flows; else the lowest layer that does.
    const capped = cap < 0 ? alive : alive.filter((l) => order.indexOf(l) <= cap);
    const flowing = capped.length > 0 ? capped : alive.slice(0, 1);
    if (flowing.length === 0) return undefined;
    const highest = flowing[flowing.length - 1]!;
    if (this.current === undefined) {
      // Before the first picture, keep the chosen start layer unless it stopped flowing.
      if (this.target === undefined || !flowing.includes(this.target)) this.target = flowing[0];
    } else if (highest !== this.current) {
      const rank = (l: string) => this.source.layerOrder.indexOf(l);
      const currentAlive = flowing.includes(this.current);
      // Up when a better layer flows; down when the current one stopped or is above the cap.
      if (rank(highest) > rank(this.current) || !currentAlive) this.target = highest;
      else this.target = undefined;
    } else {
      this.target = undefined;
    }
    return this.target !== undefined && this.target !== this.current ? this.target : undefined;
  }

  /** Decides what to do with a packet from `layer`; `keyframe` = the packet starts a keyframe. */
  accept(layer: string, keyframe: boolean): "forward" | "switch" | "drop" {
    if (this.target !== undefined && layer === this.target && layer !== this.current && keyframe) {
      this.current = layer;
      this.target = undefined;
      return "switch";
    }
    return layer === this.current ? "forward" : "drop";
  }
}

/** Simulcast rid of each `VideoQuality` (LOW, MEDIUM, HIGH), as livekit-client names them. */
const RID_BY_QUALITY = ["q", "h", "f"];

export interface LayerSize {
  rid: string;
  quality: number;
  width: number;
  height: number;
}

/**
 * The highest layer a subscriber needs, LiveKit's way: for a size, the smallest published layer
 * at least that big (the top one when none is); else the requested quality's layer.
 */
export function layerForSettings(layers: readonly LayerSize[], quality: number, width: number, height: number): string | undefined {
  const ridOf = (l: LayerSize) => l.rid || RID_BY_QUALITY[l.quality] || "";
  if (width > 0 || height > 0) {
    const sorted = [...layers].sort((a, b) => a.width * a.height - b.width * b.height);
    const fit = sorted.find((l) => l.width >= width && l.height >= height) ?? sorted[sorted.length - 1];
    return fit ? ridOf(fit) : undefined;
  }
  return RID_BY_QUALITY[quality];
}
