import type { ConvexConnection } from "../backend/convex-connection.js";
import type { Owner } from "../broadcast/clip-uploader.js";
import { toAlertRunError, type AlertRunError } from "../errors.js";
import type { PublishConnection } from "../media/publisher.js";
import { retry } from "../util/backoff.js";
import { devWarn } from "../util/dev.js";
import { writable, type Store } from "../util/store.js";
import { DIRECT_MAX_PEERS, DirectPublisher } from "./direct-publisher.js";
import { MediaPathPolicy, type MediaPath } from "./media-path-policy.js";

/** `StartAlertOptions.direct`: the fallback to direct connections when the media server is unreachable. */
export interface DirectFallbackOptions {
  /** Most responders served directly at once (default 3; the phone's uplink is the limit). */
  maxPeers?: number;
  /** How long the media server may be unreachable before going direct (default 3000 ms). */
  afterMs?: number;
}

/**
 * Watches the publisher's connection to the media server and, when the policy says so, moves the
 * broadcast onto the direct path: tells the backend (`directSignals:setMediaPath`, which viewers
 * follow through the alert summary's `mediaPath`) and serves responders with a DirectPublisher;
 * moves back when the media server is reachable again.
 */
export class DirectFallback {
  private readonly pathStore = writable<MediaPath>("sfu");
  readonly path: Store<MediaPath> = this.pathStore;
  private readonly policy: MediaPathPolicy;
  private publisher: DirectPublisher | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Path changes reach the backend in order. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly backend: ConvexConnection,
    private readonly owner: Owner,
    private readonly connection: Store<PublishConnection>,
    private readonly tracks: MediaStreamTrack[],
    private readonly options: DirectFallbackOptions,
    private readonly onError: (error: AlertRunError) => void,
  ) {
    this.policy = new MediaPathPolicy(options.afterMs);
  }

  start(): void {
    if (this.unsubscribe || this.stopped) return;
    this.unsubscribe = this.connection.subscribe(() => this.evaluate());
  }

  private evaluate(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const decision = this.policy.update(this.connection.get(), Date.now());
    if (decision.recheckAtMs !== null) this.timer = setTimeout(() => this.evaluate(), Math.max(0, decision.recheckAtMs - Date.now()));
    if (decision.path !== this.pathStore.get()) this.switchTo(decision.path);
  }

  private switchTo(path: MediaPath): void {
    this.pathStore.set(path);
    this.publisher?.stop();
    this.publisher = null;
    if (path === "direct") {
      this.publisher = new DirectPublisher(this.backend, this.owner, this.tracks, this.options.maxPeers ?? DIRECT_MAX_PEERS, (e) => this.onError(e));
      this.publisher.start();
    }
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await retry(() => this.backend.mutation("directSignals:setMediaPath", { ...this.owner, path }), { baseMs: 300, maxMs: 3_000, maxAttempts: 8 });
      } catch (error) {
        const failure = toAlertRunError(error);
        if (failure.code !== "alert/ended") this.onError(failure);
        devWarn(`could not move the media path to ${path}`, error);
      }
    });
  }

  /** Closes direct connections; the alert is ending or the page is going away. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.publisher?.stop();
    this.publisher = null;
  }
}
