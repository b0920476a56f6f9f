import type { ConvexConnection } from "../backend/convex-connection.js";
import type { Owner } from "../broadcast/clip-uploader.js";
import { toAlertRunError, type AlertRunError } from "../errors.js";
import { devWarn } from "../util/dev.js";
import { writable, type Store } from "../util/store.js";
import { decodeDescription, encodeDescription, iceGathered, peerConfig, type ReporterSignals } from "./signalling.js";

/** Default most direct connections the broadcaster serves at once (the phone's uplink is the limit). */
export const DIRECT_MAX_PEERS = 3;

/**
 * An offer not connected by then gives its slot back (the responder went away without a word, or
 * never answered); a responder still there asks again when its own attempt fails.
 */
const CONNECT_TIMEOUT_MS = 30_000;

interface Peer {
  attempt: number;
  pc: RTCPeerConnection;
  /** The answer of this attempt was applied. */
  answered: boolean;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The broadcaster's side of the direct path: while the media server is unreachable, every
 * responder who asks (through `directSignals`) gets a peer connection carrying the captured
 * camera and microphone, up to `maxPeers`; later askers are told "full" and are served when a
 * slot frees. Tracks are shared with the capture (a track may feed several connections), never
 * stopped here.
 */
export class DirectPublisher {
  private readonly peers = new Map<string, Peer>();
  private readonly refused = new Set<string>();
  private readonly connectedStore = writable(0);
  /** Responders with a connected direct peer connection. */
  readonly connected: Store<number> = this.connectedStore;
  private last: ReporterSignals | null = null;
  private dispose: (() => void) | null = null;
  private stopped = false;
  private readonly stream: MediaStream;

  constructor(
    private readonly backend: ConvexConnection,
    private readonly owner: Owner,
    private readonly tracks: MediaStreamTrack[],
    private readonly maxPeers: number,
    private readonly onError: (error: AlertRunError) => void,
  ) {
    this.stream = new MediaStream(tracks.filter((t) => t.readyState !== "ended"));
  }

  start(): void {
    if (this.dispose || this.stopped) return;
    const signals = this.backend.watch("directSignals:forReporter", { ...this.owner });
    const unsubscribe = signals.subscribe((value) => {
      if (this.stopped) return;
      if (value.status === "error") {
        this.onError(value.error);
        return;
      }
      if (value.status !== "ready") return;
      this.last = value.value;
      this.reconcile();
    });
    this.dispose = () => {
      unsubscribe();
      signals.dispose();
    };
  }

  /** Brings the peer connections in line with the latest rows. */
  private reconcile(): void {
    const signals = this.last;
    if (!signals || this.stopped) return;
    const present = new Set(signals.peers.map((p) => p.peerId));
    for (const [peerId, peer] of this.peers) {
      const row = signals.peers.find((p) => p.peerId === peerId);
      // The responder left, its row expired, or it asked again after a failure.
      if (!present.has(peerId) || (row && row.attempt !== peer.attempt)) this.close(peerId);
    }
    for (const row of signals.peers) {
      const key = `${row.peerId}#${row.attempt}`;
      const peer = this.peers.get(row.peerId);
      if (peer) {
        if (row.status === "answered" && row.answer && !peer.answered) {
          peer.answered = true;
          this.applyAnswer(row.peerId, peer, row.answer);
        }
        continue;
      }
      if (row.status !== "requested" && row.status !== "full") continue;
      if (this.peers.size < this.maxPeers) {
        this.refused.delete(key);
        this.offer(row.peerId, row.attempt, signals);
      } else if (row.status === "requested" && !this.refused.has(key)) {
        this.refused.add(key);
        this.backend
          .mutation("directSignals:offer", { ...this.owner, peerId: row.peerId, attempt: row.attempt, full: true })
          .catch((error: unknown) => devWarn("could not refuse a direct connection", error));
      }
    }
  }

  private offer(peerId: string, attempt: number, config: ReporterSignals): void {
    const pc = new RTCPeerConnection(peerConfig(config));
    const peer: Peer = {
      attempt,
      pc,
      answered: false,
      timer: setTimeout(() => {
        if (this.peers.get(peerId) !== peer || pc.connectionState === "connected") return;
        this.close(peerId);
        this.reconcile();
      }, CONNECT_TIMEOUT_MS),
    };
    this.peers.set(peerId, peer);
    for (const track of this.stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [this.stream] });
    pc.addEventListener("connectionstatechange", () => {
      if (this.peers.get(peerId) !== peer) return;
      if (pc.connectionState === "failed" || pc.connectionState === "closed") {
        // The responder asks again on its side; free the slot for whoever waits.
        this.close(peerId);
        this.reconcile();
      }
      this.countConnected();
    });
    void (async () => {
      await pc.setLocalDescription(await pc.createOffer());
      await iceGathered(pc);
      if (this.peers.get(peerId) !== peer) return;
      await this.backend.mutation("directSignals:offer", { ...this.owner, peerId, attempt, sdp: encodeDescription(pc.localDescription) });
    })().catch((error: unknown) => {
      devWarn("direct offer failed", error);
      if (this.peers.get(peerId) === peer) this.close(peerId);
      this.onError(toAlertRunError(error, "media/connect-failed"));
    });
  }

  private applyAnswer(peerId: string, peer: Peer, answer: string): void {
    void (async () => {
      await peer.pc.setRemoteDescription(decodeDescription(answer, "answer"));
    })().catch((error: unknown) => {
      devWarn("direct answer could not be applied", error);
      if (this.peers.get(peerId) === peer) this.close(peerId);
    });
  }

  private close(peerId: string): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    clearTimeout(peer.timer);
    peer.pc.close();
    this.countConnected();
  }

  private countConnected(): void {
    let n = 0;
    for (const peer of this.peers.values()) if (peer.pc.connectionState === "connected") n++;
    this.connectedStore.set(n);
  }

  /** Closes every direct connection (the caller moves the alert back to the media server). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.dispose?.();
    this.dispose = null;
    for (const peerId of [...this.peers.keys()]) this.close(peerId);
  }
}
