import type { ConvexConnection } from "../backend/convex-connection.js";
import { toAlertRunError } from "../errors.js";
import { backoffDelay } from "../util/backoff.js";
import { devWarn } from "../util/dev.js";
import { writable, type Store } from "../util/store.js";
import { decodeDescription, encodeDescription, iceGathered, peerConfig, type ViewerSignals } from "./signalling.js";

/**
 * `requesting`: asking the broadcaster; `connecting`: offer received, connection being set up;
 * `live`: a track plays; `full`: the broadcaster already serves as many direct viewers as its
 * uplink allows (served when a slot frees); `forbidden`: this viewer is not a signed-in responder,
 * and a direct connection (which reveals the reporter's address) is for responders only;
 * `failed`: several attempts in a row could not connect (no route between the two networks, no
 * TURN server configured); it keeps trying at a slower pace.
 */
export type DirectViewerState = "requesting" | "connecting" | "live" | "full" | "forbidden" | "failed" | "stopped";

/** Consecutive failed attempts before the state says `failed`. */
const FAILED_AFTER = 3;

/** Rows expire 90 s after the last write; renew well before. */
const RENEW_MS = 30_000;

/**
 * A responder's side of the direct path: asks the broadcaster for a peer connection through
 * `directSignals`, answers its offer, and exposes the received tracks as one MediaStream.
 * Asks again (a new attempt) when the connection fails or the request disappears.
 */
export class DirectViewer {
  private readonly stateStore = writable<DirectViewerState>("requesting");
  readonly state: Store<DirectViewerState> = this.stateStore;
  private readonly streamStore = writable<MediaStream | null>(null);
  readonly stream: Store<MediaStream | null> = this.streamStore;
  private attempt = 0;
  private answeredAttempt = 0;
  private pc: RTCPeerConnection | null = null;
  private tracks: MediaStreamTrack[] = [];
  private readonly elements = new Set<HTMLMediaElement>();
  private disposeWatch: (() => void) | null = null;
  private renewTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private requesting = false;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly backend: ConvexConnection,
    private readonly alertId: string,
    private readonly peerId: string,
  ) {}

  start(): void {
    void this.request();
  }

  private async request(): Promise<void> {
    if (this.stopped || this.requesting) return;
    this.requesting = true;
    this.closePc();
    if (this.failures < FAILED_AFTER) this.set("requesting");
    try {
      const { attempt } = await this.backend.mutation("directSignals:request", { alertId: this.alertId, peerId: this.peerId });
      if (this.stopped) return;
      this.attempt = attempt;
      this.watch();
      this.renewTimer ??= setInterval(() => {
        this.backend.mutation("directSignals:renew", { alertId: this.alertId, peerId: this.peerId }).catch((e: unknown) => devWarn("direct renew failed", e));
      }, RENEW_MS);
    } catch (error) {
      if (this.stopped) return;
      const code = toAlertRunError(error).code;
      if (code === "auth/forbidden" || code === "backend/auth/required") {
        this.set("forbidden");
        return;
      }
      // The viewer session follows the alert's end by itself.
      if (code === "alert/ended" || code === "alert/not-found") return;
      this.retryLater();
    } finally {
      this.requesting = false;
    }
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = backoffDelay(this.failures++, { baseMs: 1_000, maxMs: 10_000 });
    if (this.failures >= FAILED_AFTER) this.set("failed");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.request();
    }, delay);
  }

  private watch(): void {
    if (this.disposeWatch) return;
    const signals = this.backend.watch("directSignals:forViewer", { alertId: this.alertId, peerId: this.peerId });
    const unsubscribe = signals.subscribe((value) => {
      if (this.stopped || value.status !== "ready") return;
      this.onSignals(value.value);
    });
    this.disposeWatch = () => {
      unsubscribe();
      signals.dispose();
    };
  }

  private onSignals(signals: ViewerSignals): void {
    const peer = signals.peer;
    if (this.requesting) return;
    if (!peer) {
      // Expired or cleared (the broadcaster went back to the media server and returns later).
      if (this.attempt > 0) this.retryLater();
      return;
    }
    if (peer.attempt !== this.attempt) return;
    if (peer.status === "full") this.set("full");
    if (peer.status === "offered" && peer.offer && this.answeredAttempt !== peer.attempt) {
      this.answeredAttempt = peer.attempt;
      void this.answer(peer.attempt, peer.offer, signals).catch((error: unknown) => {
        devWarn("direct answer failed", error);
        this.retryLater();
      });
    }
  }

  private async answer(attempt: number, offer: string, signals: ViewerSignals): Promise<void> {
    this.closePc();
    if (this.failures < FAILED_AFTER) this.set("connecting");
    const pc = new RTCPeerConnection(peerConfig(signals));
    this.pc = pc;
    pc.addEventListener("track", (event) => {
      if (this.pc !== pc) return;
      this.tracks = [...this.tracks.filter((t) => t.kind !== event.track.kind), event.track];
      this.emit();
    });
    pc.addEventListener("connectionstatechange", () => {
      if (this.pc !== pc) return;
      if (pc.connectionState === "connected") this.failures = 0;
      if (pc.connectionState === "failed") this.retryLater();
    });
    await pc.setRemoteDescription(decodeDescription(offer, "offer"));
    await pc.setLocalDescription(await pc.createAnswer());
    await iceGathered(pc);
    if (this.pc !== pc || this.stopped) return;
    const ok = await this.backend.mutation("directSignals:answer", {
      alertId: this.alertId,
      peerId: this.peerId,
      attempt,
      sdp: encodeDescription(pc.localDescription),
    });
    if (!ok && this.pc === pc) this.retryLater();
  }

  /** A new MediaStream per change, so `srcObject` consumers see the new track set. */
  private emit(): void {
    const stream = this.tracks.length > 0 ? new MediaStream(this.tracks) : null;
    this.streamStore.set(stream);
    for (const element of this.elements) element.srcObject = stream;
    if (stream) this.set("live");
  }

  private set(state: DirectViewerState): void {
    if (!this.stopped) this.stateStore.set(state);
  }

  /** Plays the direct stream in `element`; returns a detach function. */
  attach(element: HTMLMediaElement): () => void {
    this.elements.add(element);
    const stream = this.streamStore.get();
    if (stream) element.srcObject = stream;
    return () => {
      if (!this.elements.delete(element)) return;
      if (element.srcObject === this.streamStore.get()) element.srcObject = null;
    };
  }

  private closePc(): void {
    const pc = this.pc;
    this.pc = null;
    pc?.close();
    if (this.tracks.length > 0) {
      this.tracks = [];
      this.emit();
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stateStore.set("stopped");
    this.stopped = true;
    this.disposeWatch?.();
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const stream = this.streamStore.get();
    for (const element of this.elements) if (element.srcObject === stream) element.srcObject = null;
    this.elements.clear();
    this.closePc();
    this.streamStore.set(null);
    if (this.attempt > 0) {
      this.backend.mutation("directSignals:leave", { alertId: this.alertId, peerId: this.peerId }).catch(() => undefined);
    }
  }
}
