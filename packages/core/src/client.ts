import { categoryProblem, clientConfigProblem, displayNameProblem, viewerIdProblem, type ArgsOf, type NamesOf, type ResultOf } from "@alertrun/contract";
import { ConvexConnection, type ConnectionState } from "./backend/convex-connection.js";
import { BroadcastSession, type AlertSession, type StartAlertOptions } from "./broadcast/alert-session.js";
import { EvidenceStore } from "./broadcast/evidence-store.js";
import { loadRecord, recordKey } from "./broadcast/session-record.js";
import { PressHold } from "./broadcast/press-hold.js";
import { AlertRunError } from "./errors.js";
import { followTrails, type Trails } from "./feeds/trails.js";
import { prefetchMediaModules } from "./media/prefetch.js";
import type { AlertSummary, SiteConfig, TrailPoint } from "./types.js";
import type { DisposableStore, Loadable } from "./util/loadable.js";
import { writable, type Store } from "./util/store.js";
import { WatchSession, type ViewerSession, type WatchOptions } from "./viewer/viewer-session.js";

export interface AlertRunClientOptions {
  /** The Convex deployment URL (`https://<name>.convex.cloud`, or the local dev backend). */
  convexUrl: string;
  /** The site (campus, venue) whose alerts this page raises and shows. */
  site: string;
  /** Returns the host's identity token for Convex (JWT), or null when signed out. */
  auth?: () => Promise<string | null | undefined>;
}

/** A press being held: see `AlertRunClient.holdAlert`. */
export interface AlertHold {
  /** The hold completed: raise the alert (once). */
  complete(): AlertSession;
  /** Released early: nothing remains. Idempotent; does nothing after `complete()`. */
  cancel(): void;
}

/**
 * One per page, shared by every element. Holds the Convex connection (opened on first use) and
 * hands out sessions and feeds. The constructor never throws: a bad configuration is reported in
 * `configError` and by every session and store it creates, so an element can show it in place.
 */
export class AlertRunClient {
  readonly options: { convexUrl: string; site: string };
  readonly connection: Store<ConnectionState>;
  /** Set when the options are unusable (missing or invalid URL, missing site). */
  readonly configError: AlertRunError | null;
  private readonly backend: ConvexConnection;
  private readonly sessions = new Set<{ close(): void }>();
  private readonly stores = new Set<{ dispose(): void }>();
  private siteStore: DisposableStore<Loadable<SiteConfig | null>> | null = null;
  /** The press of this page, while it is not over: a second press returns it. */
  private broadcast: BroadcastSession | null = null;
  private evidence: EvidenceStore | null = null;

  constructor(options: AlertRunClientOptions) {
    const convexUrl = typeof options?.convexUrl === "string" ? options.convexUrl.trim() : "";
    const site = typeof options?.site === "string" ? options.site.trim() : "";
    this.options = { convexUrl, site };
    this.configError = validate(convexUrl, site);
    this.backend = new ConvexConnection(convexUrl, options?.auth);
    this.connection = this.configError ? writable<ConnectionState>("offline") : this.backend.connection;
  }

  /** The site's public configuration (`sites:get`); `null` when the site does not exist. */
  site(): Store<Loadable<SiteConfig | null>> {
    this.siteStore ??= this.watchQuery("sites:get", { site: this.options.site });
    return this.siteStore;
  }

  /** Starts downloading livekit-client now (e.g. when a press begins). Idempotent; never rejects. */
  prefetchMedia(): Promise<void> {
    return prefetchMediaModules().then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * Raises an alert at once; see AlertSession for its states. While this page's alert is not
   * over (including one recovered after a reload), pressing again returns that same session:
   * one person's presses never make a second alert.
   */
  startAlert(options: StartAlertOptions = {}): AlertSession {
    const current = this.resumeAlert();
    if (current) return current;
    // A category the backend would refuse (the contract's rule) fails the session with
    // `args/invalid` before anything is sent.
    return this.track(new BroadcastSession(this.backend, this.options.site, options, this.configError ?? categoryRefusal(options), this.persistence(null)));
  }

  /**
   * The alert this page (or the page before a reload, in the same tab) raised and has not ended,
   * re-attached: publishing resumes and evidence recorded before the reload is uploaded. Null
   * when there is none. Elements call it when they connect, so a reload shows the live alert.
   */
  resumeAlert(): AlertSession | null {
    if (this.broadcast && !this.broadcast.state.get().name.match(/^(ended|error)$/)) return this.broadcast;
    if (this.configError) return null;
    const record = loadRecord(this.storageKey());
    if (!record) return null;
    return this.track(new BroadcastSession(this.backend, this.options.site, record.options, null, this.persistence(record)));
  }

  private track(session: BroadcastSession): BroadcastSession {
    this.broadcast = session;
    this.sessions.add(session);
    return session;
  }

  private storageKey(): string {
    return recordKey(this.options.convexUrl, this.options.site);
  }

  private persistence(resume: ReturnType<typeof loadRecord>) {
    if (this.configError) return null;
    const key = this.storageKey();
    this.evidence ??= new EvidenceStore(key);
    return { key, evidence: this.evidence, resume };
  }

  /**
   * Begins a press and hold (issue 13): while the button is held the camera opens and is published
   * to a room reserved for this press, so the picture is at the media server when the hold
   * completes. `complete()` raises the alert with what the hold opened; `cancel()` (released
   * early) leaves the room and stops the camera: no alert, nothing recorded, nothing to watch.
   */
  holdAlert(options: StartAlertOptions = {}): AlertHold {
    // A live alert of this tab (after a reload too) is the answer to any press: never a second.
    const current = this.resumeAlert();
    if (current) return { complete: () => current, cancel: () => undefined };
    const held = this.configError ? null : new PressHold(this.backend, this.options.site, options);
    // Closing the client mid-hold releases it (PressHold.cancel is a no-op once handed over).
    const release = { close: () => held?.cancel() };
    if (held) this.sessions.add(release);
    let done = false;
    return {
      complete: () => {
        done = true;
        this.sessions.delete(release);
        return this.track(new BroadcastSession(this.backend, this.options.site, options, this.configError ?? categoryRefusal(options), this.persistence(null), held));
      },
      cancel: () => {
        if (!done) held?.cancel();
        done = true;
        this.sessions.delete(release);
      },
    };
  }

  /** Watches one alert, or the site's newest active alert with `"latest"`. */
  watch(target: string, options: WatchOptions = {}): ViewerSession {
    const refused =
      (options.displayName !== undefined ? refusal(displayNameProblem(options.displayName)) : null) ??
      (options.viewerId !== undefined ? refusal(viewerIdProblem(options.viewerId)) : null);
    const session = new WatchSession(this.backend, this.options.site, target, options, this.configError ?? refused);
    this.sessions.add(session);
    // A closed session must not stay reachable from the client: it holds a LiveKit Room, and a
    // dashboard opens and closes viewers for hours (found by the soak in bench/faults.mjs).
    const close = session.close.bind(session);
    session.close = () => {
      this.sessions.delete(session);
      close();
    };
    return session;
  }

  /** The site's active alerts, newest first (`alerts:active`). */
  activeAlerts(): DisposableStore<Loadable<AlertSummary[]>> {
    return this.watchQuery("alerts:active", { site: this.options.site });
  }

  /** An alert's location trail, oldest first (`locations:trail`). */
  trail(alertId: string): DisposableStore<Loadable<TrailPoint[]>> {
    return this.watchQuery("locations:trail", { alertId });
  }

  /**
   * The trails of every alert in `alerts` (e.g. `activeAlerts()`), by alert id: one live trail
   * subscription per alert while it is in the list. Dispose it to close them all.
   */
  trailsOf(alerts: Store<Loadable<readonly { alertId: string }[]>>): DisposableStore<Trails> {
    const trails = followTrails(alerts, (alertId) => this.trail(alertId));
    this.stores.add(trails);
    return {
      get: trails.get,
      subscribe: trails.subscribe,
      dispose: () => {
        trails.dispose();
        this.stores.delete(trails);
      },
    };
  }

  private watchQuery<N extends NamesOf<"query">>(name: N, args: ArgsOf<N>): DisposableStore<Loadable<ResultOf<N>>> {
    type T = ResultOf<N>;
    if (this.configError) {
      const error = this.configError;
      const failed = writable<Loadable<T>>({ status: "error", error });
      return { get: failed.get, subscribe: failed.subscribe, dispose: () => undefined };
    }
    const store = this.backend.watch(name, args);
    this.stores.add(store);
    return {
      get: store.get,
      subscribe: store.subscribe,
      dispose: () => {
        store.dispose();
        this.stores.delete(store);
      },
    };
  }

  /** Closes sessions, feeds and the connection. Active alerts stay active on the backend. */
  close(): void {
    for (const session of this.sessions) session.close();
    this.sessions.clear();
    for (const store of this.stores) store.dispose();
    this.stores.clear();
    this.backend.close();
  }
}

function validate(convexUrl: string, site: string): AlertRunError | null {
  const problem = clientConfigProblem(convexUrl, site);
  return problem ? new AlertRunError(problem.code, problem.message) : null;
}

/** The contract's problem as the error core reports (the backend's code and words). */
function categoryRefusal(options: StartAlertOptions): AlertRunError | null {
  return options.category !== undefined ? refusal(categoryProblem(options.category)) : null;
}

function refusal(problem: { code: "args/invalid" | "chat/invalid-message"; message: string } | null): AlertRunError | null {
  return problem ? new AlertRunError(problem.code, problem.message) : null;
}
