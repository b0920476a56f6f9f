import type { ViewerSession } from "@alertrun/core";

/**
 * Plays a viewer session in the element's `<video>`. Core plays the stream through
 * `session.attach(video)` (LiveKit pauses video that no element shows), so a re-rendered or
 * removed `<video>` is detached and the new one attached. LiveKit unmutes elements when audio
 * arrives; autoplay policies only allow muted playback without a gesture, so `muted` is
 * re-applied after every render.
 */
export class VideoAttachment {
  private video: HTMLVideoElement | null = null;
  private detach: (() => void) | null = null;

  /** Call after each render with the `<video>` now shown (or null) and the session playing. */
  sync(video: HTMLVideoElement | null, session: ViewerSession | null, muted: boolean, hasStream: boolean): void {
    if (video !== this.video) {
      this.release();
      this.video = video;
      if (video && session) this.detach = session.attach(video);
    }
    if (!video) return;
    video.muted = muted;
    if (hasStream && video.paused) video.play().catch(() => undefined);
  }

  /** Detaches the current `<video>` (the session is closing). */
  clear(): void {
    this.release();
    this.video = null;
  }

  private release(): void {
    this.detach?.();
    this.detach = null;
  }
}
