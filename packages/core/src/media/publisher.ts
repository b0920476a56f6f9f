import type { LocalTrackPublication, Room } from "livekit-client";
import { newRoom, releaseRoom } from "./room-release.js";
import { AlertRunError } from "../errors.js";
import type { MediaToken } from "../types.js";
import { devWarn } from "../util/dev.js";
import { writable, type Store } from "../util/store.js";
import { loadLiveKit } from "./livekit-loader.js";
import { TOP_LAYER_ENCODING } from "./publish-settings.js";
import { QualityLadder, type LinkQuality } from "./quality-ladder.js";
import { ConnectLoop } from "./connect-loop.js";
import { TokenRefresher } from "./token-refresher.js";

export type PublishConnection = "idle" | "connecting" | "connected" | "reconnecting" | "poor" | "disconnected";

/**
 * Publishes the broadcaster's camera and microphone to the alert's LiveKit room and keeps them
 * published: LiveKit's own reconnecting/reconnected cycle is shown in `connection`; when the room
 * is lost for good (the re-join itself failed, e.g. after a long outage) it joins again with a
 * fresh token and republishes.
 *
 * LiveKit receives clones of the captured tracks: livekit-client stops the tracks it publishes
 * when a room disconnects, and the originals must live on for the preview and the evidence
 * recorder.
 */
export class Publisher {
  private readonly connectionStore = writable<PublishConnection>("idle");
  readonly connection: Store<PublishConnection> = this.connectionStore;
  private readonly refresher: TokenRefresher;
  private readonly connectLoop: ConnectLoop;
  private room: Room | null = null;
  private stopped = false;
  private readonly abort = new AbortController();
  private published: MediaStreamTrack[] = [];
  private poor = false;
  private readonly ladder = new QualityLadder();
  private ladderTimer: ReturnType<typeof setTimeout> | null = null;
  private lastQuality: LinkQuality = "unknown";
  private readonly videoStore = writable(true);
  /** False while the bandwidth ladder has paused the video (audio keeps flowing). */
  readonly videoEnabled: Store<boolean> = this.videoStore;

  constructor(
    fetchToken: () => Promise<MediaToken>,
    private readonly tracks: MediaStreamTrack[],
    private readonly onError: (error: AlertRunError) => void,
  ) {
    this.refresher = new TokenRefresher(fetchToken);
    this.connectLoop = new ConnectLoop({
      refresher: this.refresher,
      attempt: (token) => this.connectAndPublish(token),
      setConnection: (state) => this.connectionStore.set(state),
      isStopped: () => this.stopped,
      signal: this.abort.signal,
      onError: (error) => this.onError(error),
      what: "publishing",
    });
  }

  /** Connects, retrying transient failures until `stop()`. Never rejects; single-flight. */
  start(rejoin = false): Promise<void> {
    return this.connectLoop.start(rejoin);
  }

  private async connectAndPublish(token: MediaToken): Promise<void> {
    const lk = await loadLiveKit();
    this.disposeRoom();
    // Default room and connect options: exactly what production uses.
    const room = newRoom(lk.Room as unknown as { cleanupRegistry?: unknown }, () => new lk.Room());
    this.room = room;
    room
      .on(lk.RoomEvent.Reconnecting, () => this.setConnection("reconnecting"))
      .on(lk.RoomEvent.SignalReconnecting, () => this.setConnection("reconnecting"))
      .on(lk.RoomEvent.Reconnected, () => this.setConnection("connected"))
      .on(lk.RoomEvent.ConnectionQualityChanged, (quality, participant) => {
        if (participant !== room.localParticipant) return;
        this.poor = quality === lk.ConnectionQuality.Poor || quality === lk.ConnectionQuality.Lost;
        if (room.state === lk.ConnectionState.Connected) this.setConnection("connected");
        this.lastQuality = quality as LinkQuality;
        this.climbLadder(room);
      })
      .on(lk.RoomEvent.Disconnected, () => {
        // A room that never connected failed inside the connect loop, which retries by itself.
        if (this.stopped || this.room !== room || this.connectLoop.running) return;
        // LiveKit gave up on this room: join again with a fresh token.
        this.connectionStore.set("reconnecting");
        void this.start(true);
      });
    await room.connect(token.url, token.token);
    if (this.stopped) {
      await room.disconnect();
      releaseRoom(room);
      return;
    }
    const publications: Promise<LocalTrackPublication>[] = [];
    this.stopPublishedClones();
    for (const original of this.tracks) {
      if (original.readyState === "ended") continue;
      const track = original.clone();
      this.published.push(track);
      if (track.kind === "video") {
        publications.push(
          room.localParticipant.publishTrack(track, {
            name: "camera",
            source: lk.Track.Source.Camera,
            videoCodec: "vp8",
            simulcast: true,
            videoSimulcastLayers: [lk.VideoPresets.h180, lk.VideoPresets.h360],
            videoEncoding: TOP_LAYER_ENCODING,
          }),
        );
      } else {
        publications.push(
          room.localParticipant.publishTrack(track, {
            name: "microphone",
            source: lk.Track.Source.Microphone,
            audioPreset: lk.AudioPresets.speech,
            dtx: true,
            red: true,
          }),
        );
      }
    }
    const results = await Promise.allSettled(publications);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length === results.length && results.length > 0) {
      throw new AlertRunError("media/connect-failed", "Could not publish any track.", failed[0]?.reason);
    }
    for (const f of failed) devWarn("a track could not be published", f.reason);
    this.setConnection("connected");
  }

  private climbLadder(room: Room): void {
    if (this.stopped || this.room !== room) return;
    const decision = this.ladder.update(this.lastQuality, Date.now());
    if (this.ladderTimer) clearTimeout(this.ladderTimer);
    this.ladderTimer = decision.recheckAtMs === null ? null : setTimeout(() => this.climbLadder(room), decision.recheckAtMs - Date.now());
    if (decision.videoEnabled === this.videoStore.get()) return;
    this.videoStore.set(decision.videoEnabled);
    for (const publication of room.localParticipant.videoTrackPublications.values()) {
      // Muting the published clone only: the recorder keeps the full picture as evidence.
      const change = decision.videoEnabled ? publication.unmute() : publication.mute();
      Promise.resolve(change).catch((error: unknown) => devWarn("could not change video on the ladder", error));
    }
  }

  private setConnection(state: "connected" | "reconnecting"): void {
    if (this.stopped) return;
    this.connectionStore.set(state === "connected" && this.poor ? "poor" : state);
  }

  private stopPublishedClones(): void {
    for (const track of this.published) track.stop();
    this.published = [];
  }

  private disposeRoom(): void {
    const room = this.room;
    this.room = null;
    if (room) {
      room.removeAllListeners();
      room.disconnect().then(
        () => releaseRoom(room),
        () => releaseRoom(room),
      );
    }
  }

  /** Leaves the room and stops the clones (the caller stops the captured originals). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    this.refresher.stop();
    if (this.ladderTimer) clearTimeout(this.ladderTimer);
    const room = this.room;
    this.room = null;
    if (room) {
      room.removeAllListeners();
      await room.disconnect().then(
        () => releaseRoom(room),
        () => releaseRoom(room),
      );
    }
    this.stopPublishedClones();
    this.connectionStore.set("disconnected");
  }
}
