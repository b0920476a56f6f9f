import { categoryProblem, clientConfigProblem, displayNameProblem, viewerIdProblem, type ArgsOf, type NamesOf, type ResultOf } from "@alertrun/contract";
import { ConvexConnection, type ConnectionState } from "./backend/convex-connection.js";
import { BroadcastSession, type AlertSession, type StartAlertOptions } from "./broadcast/alert-session.js";
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
   * Raises an alert at once; see AlertSession for its states. A category the backend would refuse
   * (the contract's rule) fails the session with `args/invalid` before anything is sent.
   */
  startAlert(options: StartAlertOptions = {}): AlertSession {
    const refused = options.category !== undefined ? refusal(categoryProblem(options.category)) : null;
    const session = new BroadcastSession(this.backend, this.options.site, options, this.configError ?? refused);
    this.sessions.add(session);
    return session;
  }

  /** Watches one alert, or the site's newest active alert with `"latest"`. */
  watch(target: string, options: WatchOptions = {}): ViewerSession {
    const refused =
      (options.displayName !== undefined ? refusal(displayNameProblem(options.displayName)) : null) ??
      (options.viewerId !== undefined ? refusal(viewerIdProblem(options.viewerId)) : null);
    const session = new WatchSession(this.backend, this.options.site, target, options, this.configError ?? refused);
    this.sessions.add(session);
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
function refusal(problem: { code: "args/invalid" | "chat/invalid-message"; message: string } | null): AlertRunError | null {
  return problem ? new AlertRunError(problem.code, problem.message) : null;
}
