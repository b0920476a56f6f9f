import type { ConvexConnection } from "../backend/convex-connection.js";
import { AlertRunError } from "../errors.js";
import type { Quality, Subscriber } from "../media/subscriber.js";
import { ACK_KINDS, type AckKind, type AlertSummary, type ChatMessage, type MediaToken, type SiteAccess } from "../types.js";
import { retry } from "../util/backoff.js";
import { boundary } from "../util/boundary.js";
import { devWarn } from "../util/dev.js";
import { randomId } from "../util/ids.js";
import type { MachineState } from "../util/state-machine.js";
import { writable, type Store } from "../util/store.js";
import { validateMessage } from "../util/validate-message.js";
import { watchSiteAccess } from "./site-access.js";
import { persistentViewerId } from "./viewer-id.js";
import { createViewerMachine, type ViewerStateName } from "./viewer-machine.js";
import type { DirectViewer } from "../direct/direct-viewer.js";
import type { MediaPath } from "../direct/media-path-policy.js";

export interface WatchOptions {
  /** Stable id of this responder (default: one persisted in localStorage). */
  viewerId?: string;
  /** Shown next to this responder's chat messages. */
  displayName?: string;
}

export interface ViewerSession {
  readonly state: Store<MachineState<ViewerStateName>>;
  readonly alertId: Store<string | null>;
  readonly alert: Store<AlertSummary | null>;
  /** Remote video+audio for a `<video>`; prefer `attach()` which also drives adaptive stream. */
  readonly stream: Store<MediaStream | null>;
  readonly quality: Store<Quality>;
  /**
   * Which path the picture takes: "sfu" (the media server) or "direct" (a peer connection to the
   * broadcaster, while the media server is unavailable; responders only). Follows the alert.
   */
  readonly mediaPath: Store<MediaPath>;
  readonly messages: Store<ChatMessage[]>;
  readonly myAcks: Store<ReadonlySet<AckKind>>;
  /**
   * What this caller may do on the site (`sites:access`): `null` until the backend has said.
   * Show acknowledgements and the chat composer only when allowed.
   */
  readonly access: Store<SiteAccess | null>;
  /** The last error of a host-called method or of background work. */
  readonly lastError: Store<AlertRunError | null>;
  /** This responder's id (presence, acknowledgements, chat). */
  readonly viewerId: string;
  /**
   * Plays the remote stream in `element` and lets LiveKit's adaptive stream size and pause video
   * to it (production LiveKit pauses video that no element shows). Returns a detach function.
   */
  attach(element: HTMLMediaElement): () => void;
  acknowledge(kind: AckKind): Promise<void>;
  sendMessage(text: string): Promise<void>;
  close(): void;
}

const HEARTBEAT_MS = 10_000;

/** Everything that belongs to the alert currently watched; torn down when it changes. */
interface Watched {
  alertId: string;
  subscriber: Subscriber | null;
  /** Issue 16: the direct path, while the alert says the broadcaster is on it. */
  direct: DirectViewer | null;
  /** Media was requested (the Subscriber module may still be loading). */
  mediaRequested: boolean;
  /**
   * The view token asked for when the alert id became known, in parallel with `alerts:get`
   * (issue 13): the first join uses it instead of asking only once the alert has arrived. `null`
   * once used.
   */
  earlyToken: Promise<MediaToken> | null;
  /** Torn down or ended: nothing may start for it any more. */
  stopped: boolean;
  disposers: (() => void)[];
  heartbeat: ReturnType<typeof setInterval> | null;
}

/**
 * A responder watching one alert, or with `"latest"` whichever active alert of the site is
 * newest. The state follows the alert (`waiting` until its stream is live), the media room
 * (`connecting`, `reconnecting`) and the tracks (`live` once one plays).
 */
export class WatchSession implements ViewerSession {
  private readonly machine = createViewerMachine();
  readonly state = this.machine.state;
  private readonly alertIdStore = writable<string | null>(null);
  readonly alertId: Store<string | null> = this.alertIdStore;
  private readonly alertStore = writable<AlertSummary | null>(null);
  readonly alert: Store<AlertSummary | null> = this.alertStore;
  private readonly streamStore = writable<MediaStream | null>(null);
  readonly stream: Store<MediaStream | null> = this.streamStore;
  private readonly qualityStore = writable<Quality>("unknown");
  readonly quality: Store<Quality> = this.qualityStore;
  private readonly mediaPathStore = writable<MediaPath>("sfu");
  readonly mediaPath: Store<MediaPath> = this.mediaPathStore;
  /** Names this session's direct-path requests (one responder may watch in several tabs). */
  private readonly peerId = randomId(12);
  private readonly messagesStore = writable<ChatMessage[]>([]);
  readonly messages: Store<ChatMessage[]> = this.messagesStore;
  private readonly myAcksStore = writable<ReadonlySet<AckKind>>(new Set());
  readonly myAcks: Store<ReadonlySet<AckKind>> = this.myAcksStore;
  readonly access: Store<SiteAccess | null>;
  private readonly stopAccess: () => void;
  private readonly lastErrorStore = writable<AlertRunError | null>(null);
  readonly lastError: Store<AlertRunError | null> = this.lastErrorStore;
  readonly viewerId: string;
  /** Names this session to media:viewToken, which derives the session's own LiveKit identity. */
  private readonly mediaSession = randomId(16);
  private watched: Watched | null = null;
  private readonly elements = new Map<HTMLMediaElement, () => void>();
  private stopActive: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly backend: ConvexConnection,
    private readonly site: string,
    private readonly target: string,
    private readonly options: WatchOptions = {},
    configError: AlertRunError | null = null,
  ) {
    this.viewerId = options.viewerId ?? persistentViewerId();
    if (configError) {
      this.access = writable<SiteAccess | null>(null);
      this.stopAccess = () => undefined;
      this.machine.transition("error", "invalid configuration", configError);
      return;
    }
    const access = watchSiteAccess(backend, site);
    this.access = access.store;
    const unsubscribeAccess = access.store.subscribe(() => this.onAccess());
    this.stopAccess = () => {
      unsubscribeAccess();
      access.dispose();
    };
    if (typeof target !== "string" || target === "") {
      this.machine.transition("error", "no alert to watch", new AlertRunError("alert/not-found", "No alert id was given."));
      return;
    }
    if (target === "latest") this.followLatest();
    else this.switchTo(target);
  }

  private followLatest(): void {
    this.machine.transition("waiting", "waiting for an active alert");
    const active = this.backend.watch("alerts:active", { site: this.site });
    const unsubscribe = active.subscribe((value) => {
      if (this.closed) return;
      if (value.status === "error") {
        this.fail(value.error, "could not load active alerts");
        return;
      }
      if (value.status !== "ready") return;
      const newest = value.value[0];
      if (newest && newest.alertId !== this.watched?.alertId) this.switchTo(newest.alertId);
    });
    this.stopActive = () => {
      unsubscribe();
      active.dispose();
    };
  }

  private switchTo(alertId: string): void {
    this.teardown();
    const watched: Watched = { alertId, subscriber: null, direct: null, mediaRequested: false, earlyToken: null, stopped: false, disposers: [], heartbeat: null };
    this.watched = watched;
    this.alertIdStore.set(alertId);
    this.alertStore.set(null);
    this.messagesStore.set([]);
    this.myAcksStore.set(new Set());
    this.streamStore.set(null);
    this.mediaPathStore.set("sfu");
    this.moveTo("waiting", "waiting for the alert");

    const alert = this.backend.watch("alerts:get", { alertId });
    const messages = this.backend.watch("messages:list", { alertId });
    this.prepareMedia(watched);
    watched.disposers.push(
      alert.subscribe((value) => {
        if (this.watched !== watched) return;
        if (value.status === "error") return this.fail(value.error, "could not load the alert");
        if (value.status !== "ready") return;
        this.onAlert(watched, value.value);
        const current = messages.get();
        if (this.watched === watched && this.alertStore.get() && current.status === "ready") this.messagesStore.set(current.value);
      }),
      messages.subscribe((value) => {
        // Messages show only once the alert is known to be this site's.
        if (this.watched === watched && value.status === "ready" && this.alertStore.get()) this.messagesStore.set(value.value);
      }),
      () => alert.dispose(),
      () => messages.dispose(),
    );
  }

  private onAlert(watched: Watched, alert: AlertSummary | null): void {
    if (!alert) {
      this.fail(new AlertRunError("alert/not-found", "This alert does not exist."), "alert not found");
      return;
    }
    // An alert id from another site is refused outright: a dashboard shows only its own site's
    // alerts, whatever id a link or a script hands it.
    if (alert.site !== this.site) {
      this.teardown();
      this.alertStore.set(null);
      this.messagesStore.set([]);
      this.fail(new AlertRunError("alert/wrong-site", `This alert belongs to another site, not "${this.site}".`), "alert of another site");
      return;
    }
    this.alertStore.set(alert);
    if (alert.status === "ended") {
      this.stopMedia(watched);
      this.streamStore.set(null);
      this.moveTo("ended", `alert ended: ${alert.endReason ?? "no reason given"}`);
      return;
    }
    if (!watched.heartbeat) this.startHeartbeat(watched);
    if (!watched.mediaRequested) {
      watched.mediaRequested = true;
      void this.startMedia(watched);
    }
    this.followPath(watched, alert);
    this.recompute();
  }

  /** Issue 16: takes the direct path while the broadcaster is on it, and leaves it after. */
  private followPath(watched: Watched, alert: AlertSummary): void {
    const path: MediaPath = alert.mediaPath === "direct" ? "direct" : "sfu";
    if (this.mediaPathStore.get() === path) return;
    this.mediaPathStore.set(path);
    if (path === "direct") {
      if (this.mayGoDirect()) void this.startDirect(watched);
      return;
    }
    this.leaveDirect(watched);
  }

  /**
   * The direct path reveals the reporter's network address, so the backend serves it to
   * signed-in responders only; asking for it as anyone else is a refusal by design. The session
   * asks only once `sites:access` says "responder" (until then, or for anyone else, the picture
   * is `unavailable` while the broadcaster is on the direct path).
   */
  private mayGoDirect(): boolean {
    return this.access.get()?.role === "responder";
  }

  /** Access changed (signed in or out, role granted or revoked): join or leave the direct path. */
  private onAccess(): void {
    const watched = this.watched;
    if (!watched || watched.stopped || this.mediaPathStore.get() !== "direct") return;
    const access = this.access.get();
    if (this.mayGoDirect()) {
      if (!watched.direct) void this.startDirect(watched);
    } else if (watched.direct && access) {
      // Only a known role ends it: `null` may be a passing query failure.
      this.leaveDirect(watched);
    }
    this.recompute();
  }

  private leaveDirect(watched: Watched): void {
    const direct = watched.direct;
    watched.direct = null;
    direct?.stop();
    this.rebindElements(watched);
    this.streamStore.set(watched.subscriber?.stream.get() ?? null);
  }

  private async startDirect(watched: Watched): Promise<void> {
    let DirectViewer: typeof import("../direct/direct-viewer.js").DirectViewer;
    try {
      ({ DirectViewer } = await import("../direct/direct-viewer.js"));
    } catch (error) {
      devWarn("could not load the direct path", error);
      return;
    }
    if (watched.stopped || this.watched !== watched || this.mediaPathStore.get() !== "direct" || watched.direct || !this.mayGoDirect()) return;
    const direct = new DirectViewer(this.backend, watched.alertId, this.peerId);
    watched.direct = direct;
    watched.disposers.push(
      () => direct.stop(),
      direct.stream.subscribe((stream) => {
        if (this.watched !== watched || watched.direct !== direct) return;
        this.streamStore.set(stream);
        this.recompute();
      }),
      direct.state.subscribe(() => this.watched === watched && watched.direct === direct && this.recompute()),
    );
    this.rebindElements(watched);
    direct.start();
  }

  /** Moves every attached element to the path in use. */
  private rebindElements(watched: Watched): void {
    for (const [element, detach] of this.elements) {
      detach();
      this.elements.set(element, (watched.direct ?? watched.subscriber)?.attach(element) ?? (() => undefined));
    }
  }

  /**
   * Issue 13: what joining needs is started with the alert query instead of after it: core's
   * media chunk and livekit-client, and the subscribe-only token, so the token's round trip
   * overlaps `alerts:get`'s. The backend decides the token as it always does (an ended alert or
   * one the site's audience policy does not admit is refused, and that refusal is simply not
   * used). Nothing joins before `alerts:get` has shown the alert to be this site's and not ended.
   * (A refused call no longer prints to the host page's console: see quietFunctionFailures.)
   */
  private prepareMedia(watched: Watched): void {
    const token = this.viewToken(watched.alertId);
    token.catch(() => undefined); // a refusal surfaces when the join uses it, or not at all
    watched.earlyToken = token;
    import("../media/subscriber.js").then(
      (media) => media.warmUpSubscriber(),
      () => undefined, // startMedia reports a failed download
    );
  }

  private viewToken(alertId: string): Promise<MediaToken> {
    return this.backend.action("media:viewToken", {
      alertId,
      viewerId: this.viewerId,
      // Its own LiveKit identity per session: two tabs of one responder never evict each other.
      session: this.mediaSession,
      ...(this.options.displayName ? { displayName: this.options.displayName } : {}),
    });
  }

  private async startMedia(watched: Watched): Promise<void> {
    // The media half of core is its own chunk, loaded (with livekit-client) only when watching.
    let Subscriber: typeof import("../media/subscriber.js").Subscriber;
    try {
      ({ Subscriber } = await import("../media/subscriber.js"));
    } catch (error) {
      if (this.watched === watched) this.fail(new AlertRunError("media/load-failed", "Could not load the media module.", error), "could not load media");
      return;
    }
    if (watched.stopped || this.watched !== watched) return;
    const subscriber = new Subscriber(
      () => {
        // The first join takes the token already under way; later ones (refresh, re-join) ask anew.
        const early = watched.earlyToken;
        watched.earlyToken = null;
        return early ?? this.viewToken(watched.alertId);
      },
      (error) => {
        // A refusal for an alert this session has moved away from (or that just ended) is moot.
        if (this.watched === watched && this.alertStore.get()?.status !== "ended") this.fail(error, "could not join the alert's media");
      },
    );
    watched.subscriber = subscriber;
    if (!watched.direct) for (const element of this.elements.keys()) this.elements.set(element, subscriber.attach(element));
    watched.disposers.push(
      subscriber.stream.subscribe((stream) => {
        if (this.watched !== watched || watched.direct) return;
        this.streamStore.set(stream);
        this.recompute();
      }),
      subscriber.connection.subscribe(() => this.watched === watched && this.recompute()),
      subscriber.quality.subscribe((q) => this.watched === watched && this.qualityStore.set(q)),
    );
    void subscriber.start();
  }

  /** Derives the state from the alert, the room connection and the tracks. */
  private recompute(): void {
    const watched = this.watched;
    const alert = this.alertStore.get();
    if (!watched || !alert || alert.status === "ended" || this.machine.isIn("error")) return;
    const connection = watched.subscriber?.connection.get() ?? "idle";
    const hasTrack = this.streamStore.get() !== null;
    if (alert.mediaPath === "direct") {
      const access = this.access.get();
      if (access && access.role !== "responder") {
        this.moveTo("unavailable", "media server unavailable; direct connections are for signed-in responders");
        return;
      }
      const direct = watched.direct?.state.get() ?? "requesting";
      if (direct === "live" && hasTrack) this.moveTo("live", "direct connection; media server unavailable");
      else if (direct === "full") this.moveTo("unavailable", "media server unavailable; the broadcaster's direct connections are all in use");
      else if (direct === "forbidden") this.moveTo("unavailable", "media server unavailable; direct connections are for signed-in responders");
      else if (direct === "failed") this.moveTo("unavailable", "media server unavailable; a direct connection could not be made (still trying)");
      else this.moveTo("connecting", "media server unavailable; connecting directly");
      return;
    }
    if (connection === "reconnecting" && this.machine.isIn("live", "reconnecting")) {
      this.moveTo("reconnecting", "media connection lost; reconnecting");
    } else if (hasTrack) {
      this.moveTo("live", "receiving the broadcast");
    } else if (alert.streamStatus === "live") {
      this.moveTo("connecting", "joining the stream");
    } else {
      this.moveTo("waiting", "waiting for the broadcaster's stream");
    }
  }

  private moveTo(name: ViewerStateName, reason: string): void {
    if (this.machine.name === name) this.machine.explain(reason);
    else this.machine.transition(name, reason);
  }

  private startHeartbeat(watched: Watched): void {
    const beat = (): void => {
      if (this.watched !== watched) return;
      this.backend.mutation("presence:heartbeat", { alertId: watched.alertId, viewerId: this.viewerId }).catch((error: unknown) => {
        devWarn("presence heartbeat failed", error);
      });
    };
    beat();
    watched.heartbeat = setInterval(beat, HEARTBEAT_MS);
  }

  private stopMedia(watched: Watched): void {
    watched.stopped = true;
    if (watched.heartbeat) clearInterval(watched.heartbeat);
    watched.heartbeat = null;
    watched.direct?.stop();
    watched.direct = null;
    const subscriber = watched.subscriber;
    if (subscriber) {
      void subscriber.stop();
      for (const element of this.elements.keys()) this.elements.set(element, () => undefined);
    }
  }

  private teardown(): void {
    const watched = this.watched;
    if (!watched) return;
    this.watched = null;
    this.stopMedia(watched);
    for (const dispose of watched.disposers.splice(0)) dispose();
  }

  private fail(error: AlertRunError, reason: string): void {
    this.lastErrorStore.set(error);
    if (!this.machine.isIn("error", "ended")) this.machine.transition("error", reason, error);
  }

  attach(element: HTMLMediaElement): () => void {
    if (this.elements.has(element)) return () => this.detach(element);
    const detach = (this.watched?.direct ?? this.watched?.subscriber)?.attach(element) ?? (() => undefined);
    this.elements.set(element, detach);
    return () => this.detach(element);
  }

  private detach(element: HTMLMediaElement): void {
    const detach = this.elements.get(element);
    this.elements.delete(element);
    detach?.();
  }

  acknowledge(kind: AckKind): Promise<void> {
    return boundary(async () => {
      if (!ACK_KINDS.includes(kind)) throw new AlertRunError("backend/invalid-ack", `Unknown acknowledgement "${String(kind)}".`);
      const alertId = this.requireActive();
      await retry(() => this.backend.mutation("acks:add", { alertId, viewerId: this.viewerId, kind }), { maxAttempts: 5 });
      if (this.alertIdStore.get() === alertId) this.myAcksStore.update((acks) => new Set([...acks, kind]));
    }, this.lastErrorStore);
  }

  sendMessage(text: string): Promise<void> {
    return boundary(async () => {
      const checked = validateMessage(text);
      const alertId = this.requireActive();
      await retry(
        () =>
          this.backend.mutation("messages:send", {
            alertId,
            viewerId: this.viewerId,
            text: checked,
            ...(this.options.displayName ? { displayName: this.options.displayName } : {}),
          }),
        { maxAttempts: 5 },
      );
    }, this.lastErrorStore);
  }

  private requireActive(): string {
    const alertId = this.alertIdStore.get();
    if (!alertId) throw new AlertRunError("alert/not-found", "No alert is being watched yet.");
    if (this.alertStore.get()?.status === "ended") throw new AlertRunError("alert/ended", "This alert has ended.");
    return alertId;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopActive?.();
    this.stopAccess();
    this.teardown();
    for (const element of [...this.elements.keys()]) this.detach(element);
    if (!this.machine.isIn("ended")) this.machine.transition("ended", "closed by the viewer");
  }
}
