// The page side of bench/faults.mjs, bundled by esbuild from core's sources. `?role=reporter`
// re-attaches to this tab's live alert on load (as an element would) and can press, chat and end;
// `?role=viewer` watches the site's latest alert, acknowledges, and timestamps every presented
// video frame. Both mirror their state on `window.bench` and count uncaught errors.
import { AlertRunClient, type AlertSession, type ViewerSession } from "../../packages/core/src/index.js";

const params = new URLSearchParams(location.search);
const client = new AlertRunClient({ convexUrl: params.get("convexUrl") ?? "", site: params.get("site") ?? "demo" });
const now = (): number => performance.timeOrigin + performance.now();

const state = {
  errors: [] as string[],
  recovered: false,
  state: "idle",
  alertId: null as string | null,
  connection: "idle",
  segments: 0,
  uploaded: 0,
  failed: 0,
  viewerState: "idle",
  lastFrameAt: 0,
  frames: 0,
  /** Longest pause between two presented frames since `resetGap()`, in ms. */
  maxGapMs: 0,
};
addEventListener("error", (e) => state.errors.push(String(e.error ?? e.message)));
addEventListener("unhandledrejection", (e) => state.errors.push(String(e.reason)));

let session: AlertSession | null = null;
let viewer: ViewerSession | null = null;

function follow(s: AlertSession): void {
  session = s;
  s.state.subscribe((v) => (state.state = v.name));
  s.alertId.subscribe((id) => (state.alertId = id));
  s.media.subscribe((m) => (state.connection = m.connection));
  s.recording.subscribe((r) => {
    state.segments = r.segments;
    state.uploaded = r.uploaded;
    state.failed = r.failed;
  });
}

if (params.get("role") === "reporter") {
  const recovered = client.resumeAlert();
  state.recovered = recovered !== null;
  if (recovered) follow(recovered);
}

function watchFrames(video: HTMLVideoElement): void {
  const onFrame = (): void => {
    const t = now();
    if (state.lastFrameAt > 0) state.maxGapMs = Math.max(state.maxGapMs, t - state.lastFrameAt);
    state.lastFrameAt = t;
    state.frames++;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

(window as unknown as { bench: unknown }).bench = {
  state,
  press(category: string): void {
    follow(client.startAlert({ category, audio: false, location: false }));
  },
  async chat(text: string): Promise<boolean> {
    try {
      if (session) await session.sendMessage(text);
      else if (viewer) await viewer.sendMessage(text);
      return true;
    } catch {
      return false;
    }
  },
  async end(): Promise<void> {
    await session?.end("bench done");
  },
  watch(): void {
    viewer = client.watch("latest", { viewerId: "bench-responder" });
    viewer.state.subscribe((s) => (state.viewerState = s.name));
    const video = document.createElement("video");
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.width = 320;
    video.height = 180;
    document.body.append(video);
    viewer.attach(video);
    watchFrames(video);
  },
  /**
   * The soak: `n` viewer sessions, one after the other, each attached to a <video> until it is
   * live with video, then closed and removed. Resolves with how many got video.
   */
  async cycles(alertId: string, n: number): Promise<number> {
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const v = client.watch(alertId, { viewerId: "soak-responder" });
      const video = document.createElement("video");
      video.muted = true;
      document.body.append(video);
      const detach = v.attach(video);
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !(v.state.get().name === "live" && v.stream.get()?.getVideoTracks().length)) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (v.state.get().name === "live") ok++;
      detach();
      v.close();
      video.remove();
    }
    return ok;
  },
  resetGap(): void {
    state.maxGapMs = 0;
  },
  async ack(): Promise<boolean> {
    try {
      await viewer?.acknowledge("seen");
      return true;
    } catch {
      return false;
    }
  },
};
