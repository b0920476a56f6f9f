import type { Room } from "livekit-client";

type EngineLike = { on?: (event: string, listener: (track: MediaStreamTrack) => void) => unknown };

/**
 * Shows a subscriber's video the moment its media track exists, before livekit-client announces
 * the subscription.
 *
 * livekit-client 2.23 holds `TrackSubscribed` back until the room is connected, and it learns
 * that by polling the peer connection every 50 ms; the media track itself exists as soon as the
 * SFU's description is applied, while ICE and DTLS are still under way. A `<video>` first given
 * its track after that poll sets up its player only then, and the first keyframe, often already
 * decoded, waited 50–100 ms for it in the traced joins. Given the track at once, the player is
 * ready when the keyframe comes. When the subscription is announced, livekit-client's `attach`
 * finds the same track in the element's stream and keeps it.
 *
 * The room's engine and its `mediaTrackAdded` event are livekit-client internals: if they are not
 * there, nothing is shown early and the subscription shows the video as before.
 */
export class EarlyVideo {
  private track: MediaStreamTrack | null = null;

  /** Listens to `room` (a new one for each join) and shows its first video track in `elements()`. */
  watch(room: Room, event: string | undefined, elements: () => Iterable<HTMLMediaElement>): void {
    this.track = null;
    const engine = (room as unknown as { engine?: EngineLike }).engine;
    if (!event || typeof engine?.on !== "function") return;
    engine.on(event, (track: MediaStreamTrack) => {
      if (track?.kind !== "video" || track.readyState === "ended" || this.track) return;
      this.track = track;
      try {
        for (const element of elements()) this.show(element);
      } catch {
        // Only a head start: the subscription attaches the track in any case.
      }
    });
  }

  /** Plays the early track in `element`, unless the element already shows a video. */
  show(element: HTMLMediaElement): void {
    const track = this.track;
    if (!track || track.readyState === "ended") return;
    const current = element.srcObject;
    if (current instanceof MediaStream) {
      if (current.getVideoTracks().length === 0) current.addTrack(track);
      return;
    }
    element.srcObject = new MediaStream([track]);
  }

  /** The subscription is announced (livekit-client attaches from now on) or the room is gone. */
  done(): void {
    this.track = null;
  }

  /** Takes the early track back out of `elements` (the join failed before it was announced). */
  withdraw(elements: Iterable<HTMLMediaElement>): void {
    for (const element of elements) this.remove(element);
    this.track = null;
  }

  /** Takes the early track out of one element (no longer attached). */
  remove(element: HTMLMediaElement): void {
    const track = this.track;
    const stream = element.srcObject;
    if (!track || !(stream instanceof MediaStream) || !stream.getTracks().includes(track)) return;
    stream.removeTrack(track);
    if (stream.getTracks().length === 0) element.srcObject = null;
  }
}
