// Test page for the dev SFU: the real livekit-client with default Room options, driven from
// playwright through `window.sfuTest`.
import { Room, RoomEvent, Track, type RemoteTrack, type RoomOptions } from "livekit-client";

interface State {
  room?: Room;
  connectStartedAt: number;
  firstFrameAt?: number;
  video?: HTMLVideoElement;
  audioTrack?: RemoteTrack;
  events: string[];
  data: string[];
}

const state: State = { connectStartedAt: 0, events: [], data: [] };

function remoteVideo() {
  for (const p of state.room?.remoteParticipants.values() ?? []) {
    for (const pub of p.videoTrackPublications.values()) if (pub.track) return pub;
  }
  return undefined;
}

function attachVideo(track: RemoteTrack): void {
  const video = track.attach() as HTMLVideoElement;
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.appendChild(video);
  state.video = video;
  video.requestVideoFrameCallback(() => {
    state.firstFrameAt ??= performance.now();
  });
  void video.play().catch(() => undefined);
}

const api = {
  /**
   * `videoCodec` set = an integrator's publishDefaults choice; unset = default Room options.
   * `options` adds Room options (`singlePeerConnection: false` = the older /rtc protocol).
   */
  async connect(
    url: string,
    token: string,
    publish: boolean,
    videoCodec?: "vp8" | "h264",
    options?: Pick<RoomOptions, "singlePeerConnection" | "adaptiveStream" | "dynacast">,
  ): Promise<void> {
    const room = new Room({ ...(videoCodec ? { publishDefaults: { videoCodec } } : {}), ...options });
    state.room = room;
    room.on(RoomEvent.TrackSubscribed, (track) => {
      state.events.push(`subscribed:${track.kind}`);
      if (track.kind === Track.Kind.Video) attachVideo(track);
      else state.audioTrack = track;
    });
    room.on(RoomEvent.ParticipantConnected, (p) => state.events.push(`joined:${p.identity}`));
    room.on(RoomEvent.ParticipantDisconnected, (p) => state.events.push(`left:${p.identity}`));
    room.on(RoomEvent.DataReceived, (payload, participant) =>
      state.data.push(`${participant?.identity ?? "?"}:${new TextDecoder().decode(payload)}`),
    );
    room.on(RoomEvent.Disconnected, (reason) => state.events.push(`disconnected:${String(reason)}`));
    room.on(RoomEvent.SignalReconnecting, () => state.events.push("signal-reconnecting"));
    room.on(RoomEvent.Reconnecting, () => state.events.push("reconnecting"));
    room.on(RoomEvent.Reconnected, () => state.events.push("reconnected"));
    state.connectStartedAt = performance.now();
    await room.connect(url, token);
    if (publish) await room.localParticipant.enableCameraAndMicrophone();
  },
  /** Milliseconds from connect() to the first decoded remote video frame, once there is one. */
  firstFrameMs(): number | null {
    return state.firstFrameAt === undefined ? null : state.firstFrameAt - state.connectStartedAt;
  },
  /** A digest of the current video frame; two different values prove the picture moves. */
  grab(): string | null {
    const video = state.video;
    if (!video || video.videoWidth === 0) return null;
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 36;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < pixels.length; i++) hash = (hash * 31 + pixels[i]!) | 0;
    return `${video.videoWidth}x${video.videoHeight}:${hash}`;
  },
  async audioBytesReceived(): Promise<number> {
    const receiver = state.audioTrack?.receiver;
    if (!receiver) return 0;
    let bytes = 0;
    (await receiver.getStats()).forEach((s: { type: string; bytesReceived?: number }) => {
      if (s.type === "inbound-rtp") bytes += s.bytesReceived ?? 0;
    });
    return bytes;
  },
  /** MIME type the local camera is actually sent with. */
  async localVideoCodec(): Promise<string> {
    const pub = [...state.room!.localParticipant.videoTrackPublications.values()][0];
    const sender = pub?.track?.sender;
    if (!sender) return "";
    let codec = "";
    const stats = await sender.getStats();
    stats.forEach((s: { type: string; mimeType?: string }) => {
      if (s.type === "codec" && s.mimeType) codec = s.mimeType;
    });
    return codec;
  },
  remoteIdentities(): string[] {
    return state.room ? [...state.room.remoteParticipants.values()].map((p) => p.identity) : [];
  },
  remoteTracks(): string[] {
    if (!state.room) return [];
    return [...state.room.remoteParticipants.values()].flatMap((p) =>
      [...p.trackPublications.values()].map(
        (t) => `${p.identity}:${t.kind}:${t.isSubscribed ? "sub" : "unsub"}${t.isMuted ? ":muted" : ""}`,
      ),
    );
  },
  /** Bytes and frames received so far on the remote video track's receiver. */
  async videoReceived(): Promise<{ bytes: number; frames: number }> {
    const receiver = state.video && remoteVideo()?.track?.receiver;
    const out = { bytes: 0, frames: 0 };
    if (!receiver) return out;
    (await receiver.getStats()).forEach((s: { type: string; bytesReceived?: number; framesReceived?: number }) => {
      if (s.type === "inbound-rtp") {
        out.bytes += s.bytesReceived ?? 0;
        out.frames += s.framesReceived ?? 0;
      }
    });
    return out;
  },
  /** RemoteTrackPublication.setEnabled on the remote video: the client sends UpdateTrackSettings. */
  setVideoEnabled(enabled: boolean): void {
    remoteVideo()?.setEnabled(enabled);
  },
  /** Hides or shows the video element (adaptive stream then disables or enables the track). */
  setVideoVisible(visible: boolean): void {
    if (state.video) state.video.style.display = visible ? "" : "none";
  },
  /** Sets the video element's CSS size (adaptive stream reports it to the SFU). */
  setVideoSize(width: number, height: number): void {
    if (!state.video) return;
    state.video.style.width = `${width}px`;
    state.video.style.height = `${height}px`;
  },
  /** The local camera's simulcast encodings as `rid:active` (dynacast switches them). */
  localVideoEncodings(): string[] {
    const pub = [...state.room!.localParticipant.videoTrackPublications.values()][0];
    const sender = pub?.track?.sender;
    if (!sender) return [];
    return sender.getParameters().encodings.map((e) => `${e.rid ?? ""}:${e.active ? "on" : "off"}`);
  },
  async muteMicrophone(): Promise<void> {
    await state.room!.localParticipant.setMicrophoneEnabled(false);
  },
  async unpublishCamera(): Promise<void> {
    const track = state.room!.localParticipant.getTrackPublication(Track.Source.Camera)?.track;
    if (track) await state.room!.localParticipant.unpublishTrack(track);
  },
  async tryPublishCamera(): Promise<string> {
    try {
      await state.room!.localParticipant.setCameraEnabled(true);
      return "published";
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  },
  async sendData(text: string): Promise<void> {
    await state.room!.localParticipant.publishData(new TextEncoder().encode(text), { reliable: true });
  },
  dataReceived(): string[] {
    return state.data;
  },
  events(): string[] {
    return state.events;
  },
  /** Drops the signaling socket the way a network blip does; the client resumes the session. */
  async dropSignal(): Promise<void> {
    await state.room!.simulateScenario("signal-reconnect");
  },
  localSid(): string {
    return state.room?.localParticipant.sid ?? "";
  },
  async leave(): Promise<void> {
    await state.room?.disconnect();
  },
};

(window as unknown as { sfuTest: typeof api }).sfuTest = api;
export type SfuTestApi = typeof api;
