import type { RemoteTrack, Room } from "livekit-client";
import { newRoom, releaseRoom } from "./room-release.js";
import type { AlertRunError } from "../errors.js";
import type { MediaToken } from "../types.js";
import { writable, type Store } from "../util/store.js";
import { loadLiveKit } from "./livekit-loader.js";
import { ConnectLoop } from "./connect-loop.js";
import { TokenRefresher } from "./token-refresher.js";
import { EarlyVideo } from "./early-video.js";

export type SubscribeConnection = "idle" | "connecting" | "connected" | "reconnecting" | "disconnected";
export type Quality = "unknown" | "excellent" | "good" | "poor" | "lost";

/**
 * Starts downloading livekit-client for a join that is about to happen (a viewer that knows the
 * alert id but still waits for the alert record and its token). Never rejects: the join itself
 * reports a failed download.
 */
export function warmUpSubscriber(): void {
  loadLiveKit().catch(() => undefined);
}

/**
 * Joins an alert's LiveKit room with a subscribe-only token and exposes what the broadcaster
 * publishes as one MediaStream. Adaptive stream is on, so the SFU sends a layer sized to the
 * `<video>` it plays in — which livekit-client only knows through `attach(element)`; without an
 * attached element, production LiveKit pauses the video.
 */
export class Subscriber {
  private readonly streamStore = writable<MediaStream | null>(null);
  readonly stream: Store<MediaStream | null> = this.streamStore;
  private readonly connectionStore = writable<SubscribeConnection>("idle");
  readonly connection: Store<SubscribeConnection> = this.connectionStore;
  private readonly qualityStore = writable<Quality>("unknown");
  readonly quality: Store<Quality> = this.qualityStore;
  private readonly refresher: TokenRefresher;
  private readonly connectLoop: ConnectLoop;
  private room: Room | null = null;
  private readonly tracks = new Map<string, RemoteTrack>();
  private readonly elements = new Set<HTMLMediaElement>();
  private readonly early = new EarlyVideo();
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    fetchToken: () => Promise<MediaToken>,
    private readonly onError: (error: AlertRunError) => void,
  ) {
    this.refresher = new TokenRefresher(fetchToken);
    this.connectLoop = new ConnectLoop({
      refresher: this.refresher,
      attempt: (token) => this.connect(token),
      setConnection: (state) => this.connectionStore.set(state),
      isStopped: () => this.stopped,
      signal: this.abort.signal,
      onError: (error) => this.onError(error),
      what: "joining the alert's media room",
    });
  }

  /** Connects, retrying transient failures until `stop()`. Never rejects; single-flight. */
  start(rejoin = false): Promise<void> {
    return this.connectLoop.start(rejoin);
  }

  private async connect(token: MediaToken): Promise<void> {
    const lk = await loadLiveKit();
    this.disposeRoom();
    const room = newRoom(lk.Room as unknown as { cleanupRegistry?: unknown }, () => new lk.Room({ adaptiveStream: true }));
    this.room = room;
    this.early.watch(room, (lk.EngineEvent as { MediaTrackAdded?: string } | undefined)?.MediaTrackAdded, () => this.elements);
    room
      .on(lk.RoomEvent.TrackSubscribed, (track) => this.addTrack(track))
      .on(lk.RoomEvent.TrackUnsubscribed, (track) => this.removeTrack(track))
      .on(lk.RoomEvent.Reconnecting, () => this.connectionStore.set("reconnecting"))
      .on(lk.RoomEvent.SignalReconnecting, () => this.connectionStore.set("reconnecting"))
      .on(lk.RoomEvent.Reconnected, () => this.connectionStore.set("connected"))
      .on(lk.RoomEvent.ConnectionQualityChanged, (quality, participant) => {
        // The publisher's link decides what the responder sees; fall back to our own.
        if (participant === room.localParticipant && room.remoteParticipants.size > 0) return;
        this.qualityStore.set(quality as Quality);
      })
      .on(lk.RoomEvent.Disconnected, () => {
        // A room that never connected failed inside the connect loop, which retries by itself.
        if (this.stopped || this.room !== room || this.connectLoop.running) return;
        this.clearTracks();
        this.connectionStore.set("reconnecting");
        void this.start(true);
      });
    await room.connect(token.url, token.token);
    if (this.stopped) {
      await room.disconnect();
      releaseRoom(room);
      return;
    }
    this.connectionStore.set("connected");
  }

  private addTrack(track: RemoteTrack): void {
    if (track.kind === "video") this.early.done();
    const key = track.sid ?? track.mediaStreamTrack.id;
    this.tracks.set(key, track);
    for (const element of this.elements) track.attach(element);
    this.emitStream();
  }

  private removeTrack(track: RemoteTrack): void {
    const key = track.sid ?? track.mediaStreamTrack.id;
    if (!this.tracks.delete(key)) return;
    for (const element of this.elements) track.detach(element);
    this.emitStream();
  }

  private clearTracks(): void {
    this.early.withdraw(this.elements);
    for (const track of this.tracks.values()) for (const element of this.elements) track.detach(element);
    this.tracks.clear();
    this.emitStream();
  }

  /** A new MediaStream per change, so subscribers that set `srcObject` see the new track set. */
  private emitStream(): void {
    const tracks = [...this.tracks.values()].map((t) => t.mediaStreamTrack);
    this.streamStore.set(tracks.length > 0 ? new MediaStream(tracks) : null);
  }

  /** Whether a video track is being received. */
  hasVideo(): boolean {
    return [...this.tracks.values()].some((t) => t.kind === "video");
  }

  /** Plays the remote tracks in `element` through livekit-client (adaptive stream follows it). */
  attach(element: HTMLMediaElement): () => void {
    this.elements.add(element);
    for (const track of this.tracks.values()) track.attach(element);
    if (!this.hasVideo()) this.early.show(element);
    return () => {
      if (!this.elements.delete(element)) return;
      this.early.remove(element);
      for (const track of this.tracks.values()) track.detach(element);
    };
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
    this.clearTracks();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    this.refresher.stop();
    const room = this.room;
    this.room = null;
    if (room) {
      room.removeAllListeners();
      await room.disconnect().then(
        () => releaseRoom(room),
        () => releaseRoom(room),
      );
    }
    this.clearTracks();
    this.elements.clear();
    this.connectionStore.set("disconnected");
  }
}
