export type LinkQuality = "unknown" | "excellent" | "good" | "poor" | "lost";

export interface LadderOptions {
  /** Pause video after the uplink has been poor (or lost) this long. */
  pauseAfterMs?: number;
  /** Resume video after it has been good again this long (longer: avoid flapping). */
  resumeAfterMs?: number;
}

export interface LadderDecision {
  videoEnabled: boolean;
  /** Ask again at this time (a pending pause or resume), if anything is pending. */
  recheckAtMs: number | null;
}

/**
 * The last rung of the bandwidth ladder. Simulcast already lets the SFU drop to the 360p and 180p
 * layers on a weak link; when even that is not enough for long, the video is paused so the audio
 * (which carries "where are you?" and "help is coming") keeps flowing, and resumed once the link has
 * been good for a while. Pure: time is passed in.
 */
export class QualityLadder {
  private readonly pauseAfterMs: number;
  private readonly resumeAfterMs: number;
  private videoEnabled = true;
  private since: { bad: boolean; atMs: number } | null = null;

  constructor(options: LadderOptions = {}) {
    this.pauseAfterMs = options.pauseAfterMs ?? 8_000;
    this.resumeAfterMs = options.resumeAfterMs ?? 15_000;
  }

  /** Feed every quality report (and rechecks, with the last quality). */
  update(quality: LinkQuality, nowMs: number): LadderDecision {
    if (quality === "unknown") return { videoEnabled: this.videoEnabled, recheckAtMs: null };
    const bad = quality === "poor" || quality === "lost";
    if (!this.since || this.since.bad !== bad) this.since = { bad, atMs: nowMs };
    const wantsChange = this.videoEnabled === bad;
    if (!wantsChange) return { videoEnabled: this.videoEnabled, recheckAtMs: null };
    const due = this.since.atMs + (bad ? this.pauseAfterMs : this.resumeAfterMs);
    if (nowMs >= due) {
      this.videoEnabled = !bad;
      return { videoEnabled: this.videoEnabled, recheckAtMs: null };
    }
    return { videoEnabled: this.videoEnabled, recheckAtMs: due };
  }
}
