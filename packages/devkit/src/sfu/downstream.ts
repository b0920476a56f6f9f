import type { DownTrack } from "./down-track.js";
import type { PublishedTrack } from "./published-track.js";
import type { TrackSettings } from "./track-settings.js";

/**
 * How a participant receives: on its own subscriber connection (`/rtc`, dual peer connections)
 * or on the one connection it also publishes on (`/rtc/v1`). The room only sees this.
 */
export interface Downstream {
  /** Starts forwarding a published track to this participant (renegotiating as needed). */
  addTrack(track: PublishedTrack): void;
  /** Stops forwarding; the client learns of the unpublish from the participant update. */
  removeTrack(trackSid: string): void;
  /** Relays a data packet on the channel with this label, once open (dropped before). */
  sendData(label: string, data: Buffer): void;
  downTrack(trackSid: string): DownTrack | undefined;
  /** Highest `VideoQuality` wanted of a track (dynacast); -1 = none; undefined = not subscribed. */
  wantedQuality(track: PublishedTrack): number | undefined;
  /** Applies the client's wishes for a track (now, or once it is forwarded). */
  updateSettings(trackSid: string, change: Partial<TrackSettings>): void;
  close(): Promise<void>;
}
