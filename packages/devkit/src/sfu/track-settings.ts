import type { DownTrack } from "./down-track.js";
import { layerForSettings } from "./layers.js";

/** What one subscriber asked for one track (`UpdateTrackSettings`, `UpdateSubscription`). */
export interface TrackSettings {
  /** Disabled by the client (adaptive stream: the element is hidden; or `setEnabled(false)`). */
  disabled: boolean;
  /** Unsubscribed (`setSubscribed(false)`). */
  unsubscribed: boolean;
  /** `VideoQuality` asked for; used when no size is given. */
  quality: number;
  /** Size of the element the video plays in (adaptive stream); 0 = not given. */
  width: number;
  height: number;
}

const DEFAULTS: TrackSettings = { disabled: false, unsubscribed: false, quality: 2, width: 0, height: 0 };

/**
 * A subscriber's settings per track sid. They may arrive before the track is forwarded (the
 * client sends them as soon as it learns of the track), so they are kept and applied whenever
 * the down track exists.
 */
export class TrackSettingsStore {
  private readonly bySid = new Map<string, TrackSettings>();

  update(trackSid: string, change: Partial<TrackSettings>, down: DownTrack | undefined): void {
    const next = { ...(this.bySid.get(trackSid) ?? DEFAULTS), ...change };
    this.bySid.set(trackSid, next);
    if (down) this.applyTo(trackSid, down);
  }

  applyTo(trackSid: string, down: DownTrack): void {
    const s = this.bySid.get(trackSid);
    if (!s) return;
    if (down.published.kind === "video") {
      const layers = down.published.info.layers.map((l) => ({ rid: l.rid, quality: l.quality, width: l.width, height: l.height }));
      const simulcast = down.published.layerOrder.length > 1;
      down.setMaxLayer(simulcast ? layerForSettings(layers, s.quality, s.width, s.height) : undefined);
    }
    down.setPaused(s.disabled || s.unsubscribed);
  }

  /**
   * The highest `VideoQuality` this subscriber needs of a track (dynacast), -1 when it needs
   * none (disabled or unsubscribed).
   */
  wantedQuality(trackSid: string, layers: readonly { rid: string; quality: number; width: number; height: number }[]): number {
    const s = this.bySid.get(trackSid) ?? DEFAULTS;
    if (s.disabled || s.unsubscribed) return -1;
    const layer = layerForSettings(layers, s.quality, s.width, s.height);
    const q = qualityOfLayer(layer);
    return q < 0 ? 2 : q;
  }

  delete(trackSid: string): void {
    this.bySid.delete(trackSid);
  }
}

/** Index of a rid in LiveKit's quality order (q = LOW … f = HIGH); -1 when unknown. */
export function qualityOfLayer(rid: string | undefined): number {
  return rid === undefined ? 2 : ["q", "h", "f"].indexOf(rid);
}
