// Browser side of bench/sfu-media.mjs (bundled with esbuild). The publisher draws Date.now() as a
// barcode into a canvas and publishes its captureStream with default options; viewers decode the
// barcode from every displayed frame.
import { Room, RoomEvent, Track, LocalVideoTrack } from "livekit-client";

const W = 640;
const H = 360;
const BITS = 48; // 40-bit timestamp + 8-bit checksum
const COLS = 24;
const CELL_W = W / COLS;
const CELL_H = 60;
const TOP = 60; // rows 0..1 of cells

const state = { room: undefined, connectStartedAt: 0, firstFrameAt: undefined, latencies: [], misreads: 0 };

function checksum(ts) {
  let c = 0;
  for (let i = 0; i < 5; i++) c ^= Math.floor(ts / 2 ** (8 * i)) & 0xff;
  return c;
}

function drawTimestamp(ctx, now) {
  const ts = now % 2 ** 40;
  const value = [];
  for (let i = 0; i < 40; i++) value.push(Math.floor(ts / 2 ** i) % 2);
  const c = checksum(ts);
  for (let i = 0; i < 8; i++) value.push((c >> i) & 1);
  ctx.fillStyle = "#808080";
  ctx.fillRect(0, 0, W, H);
  for (let i = 0; i < BITS; i++) {
    ctx.fillStyle = value[i] ? "#ffffff" : "#000000";
    ctx.fillRect((i % COLS) * CELL_W, TOP + Math.floor(i / COLS) * CELL_H, CELL_W, CELL_H);
  }
  ctx.fillStyle = "#fff";
  ctx.font = "28px monospace";
  ctx.fillText(String(now), 10, 40);
}

function readTimestamp(video, canvas, ctx) {
  canvas.width = W;
  canvas.height = H;
  ctx.drawImage(video, 0, 0, W, H);
  const px = ctx.getImageData(0, 0, W, H).data;
  let ts = 0;
  let c = 0;
  for (let i = 0; i < BITS; i++) {
    const x = Math.floor((i % COLS) * CELL_W + CELL_W / 2);
    const y = Math.floor(TOP + Math.floor(i / COLS) * CELL_H + CELL_H / 2);
    const o = (y * W + x) * 4;
    const bit = px[o] + px[o + 1] + px[o + 2] > 384 ? 1 : 0;
    if (i < 40) ts += bit * 2 ** i;
    else c |= bit << (i - 40);
  }
  return checksum(ts) === c ? ts : undefined;
}

window.bench = {
  async publishCanvas(url, token) {
    const canvas = document.createElement("canvas");
    canvas.width = W;
    canvas.height = H;
    document.body.appendChild(canvas);
    const ctx = canvas.getContext("2d");
    const tick = () => drawTimestamp(ctx, Date.now());
    tick();
    setInterval(tick, 1000 / 60);
    const room = new Room();
    state.room = room;
    await room.connect(url, token);
    const [mediaTrack] = canvas.captureStream(30).getVideoTracks();
    await room.localParticipant.publishTrack(new LocalVideoTrack(mediaTrack), { source: Track.Source.Camera });
  },
  async view(url, token) {
    const room = new Room();
    state.room = room;
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind !== Track.Kind.Video) return;
      const video = track.attach();
      video.muted = true;
      document.body.appendChild(video);
      const onFrame = () => {
        const now = Date.now();
        state.firstFrameAt ??= performance.now();
        const ts = readTimestamp(video, canvas, ctx);
        if (ts === undefined) state.misreads++;
        else state.latencies.push({ at: now, ms: (now % 2 ** 40) - ts, width: video.videoWidth });
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      void video.play().catch(() => undefined);
    });
    state.connectStartedAt = performance.now();
    await room.connect(url, token);
  },
  firstFrameMs() {
    return state.firstFrameAt === undefined ? null : state.firstFrameAt - state.connectStartedAt;
  },
  samples(sinceMs) {
    return { latencies: state.latencies.filter((l) => l.at >= sinceMs), misreads: state.misreads };
  },
  async leave() {
    await state.room?.disconnect();
  },
};
