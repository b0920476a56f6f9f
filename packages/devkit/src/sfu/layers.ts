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

  constructor(private readonly source: LayerSource) {}

  /**
   * Re-evaluates the target. Returns the layer that needs a keyframe request, if the target
   * changed or is still pending.
   */
  update(now: number): string | undefined {
    const flowing = this.source.layerOrder.filter((l) => this.source.isFlowing(l, now));
    if (flowing.length === 0) return undefined;
    const highest = flowing[flowing.length - 1]!;
    if (this.current === undefined) {
      // Before the first picture, keep the chosen start layer unless it stopped flowing.
      if (this.target === undefined || !flowing.includes(this.target)) this.target = flowing[0];
    } else if (highest !== this.current) {
      const rank = (l: string) => this.source.layerOrder.indexOf(l);
      const currentAlive = flowing.includes(this.current);
      // Up when a better layer flows; down only when the current one stopped.
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
