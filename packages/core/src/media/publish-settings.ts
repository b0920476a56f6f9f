/**
 * Capture and publish settings for an emergency broadcast. The reasons are in docs/core.md
 * ("Publish settings"); keep the two in step.
 */

/** Rear camera where there is one: the person films what is happening, not their own face. */
export const VIDEO_CAPTURE: MediaTrackConstraints = {
  facingMode: { ideal: "environment" },
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 24, max: 30 },
};

/** Speech in a noisy, echoing place: let the browser clean it up. */
export const AUDIO_CAPTURE: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  channelCount: 1,
};

/** Top simulcast layer: 720p at up to 24 fps, capped so it still fits a weak uplink. */
export const TOP_LAYER_ENCODING = { maxBitrate: 1_200_000, maxFramerate: 24 } as const;

/** Segment length of the evidence recorder. */
export const RECORD_SEGMENT_MS = 5_000;

/** Refresh a media token when this fraction of its lifetime has passed. */
export const TOKEN_REFRESH_AT = 0.75;
