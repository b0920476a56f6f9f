import type { ReactiveControllerHost } from "lit";
import type { AlertRunClient, AlertSummary, DisposableStore, Loadable, Trails } from "@alertrun/core";
import type { AlertErrorDetail } from "../events.js";
import type { ClientResolution } from "./client-controller.js";
import { toErrorDetail } from "./errors.js";
import { StoreController } from "./store-controller.js";

const NO_TRAILS: Trails = new Map();

/**
 * The site's active alerts (and, on request, their trails) for `<alert-feed>` and `<alert-map>`:
 * one subscription per client, swapped when the client changes, disposed when the host leaves.
 */
export class ActiveAlertsController {
  private client: AlertRunClient | null = null;
  private store: DisposableStore<Loadable<AlertSummary[]>> | null = null;
  private trailStore: DisposableStore<Trails> | null = null;

  /** The list as core delivers it: `loading`, `ready` or `error`. */
  readonly list: StoreController<Loadable<AlertSummary[]>>;
  /** Each alert's recent positions, when the host asked for trails (else always empty). */
  readonly trails: StoreController<Trails>;

  /**
   * `report` hears a failure of the list (to show in place) or null when it recovers or the
   * client changes; `onList` sees every ready list before the host updates, and null when the
   * subscription is dropped (the next list is a fresh start).
   */
  constructor(
    host: ReactiveControllerHost,
    private readonly report: (failure: AlertErrorDetail | null) => void,
    private readonly options: { trails?: boolean; onList?: (alerts: readonly AlertSummary[] | null) => void } = {},
  ) {
    host.addController(this);
    this.list = new StoreController<Loadable<AlertSummary[]>>(host, { status: "loading" }, (v) => this.onList(v));
    this.trails = new StoreController<Trails>(host, NO_TRAILS);
  }

  /** Follows the host's client: keeps the feed while it loads, drops it on a configuration error. */
  bind(resolution: ClientResolution): void {
    if ("error" in resolution) return this.drop();
    if (!("client" in resolution) || resolution.client === this.client) return;
    this.drop();
    this.report(null);
    const client = resolution.client;
    this.client = client;
    this.store = client.activeAlerts();
    this.list.set(this.store);
    if (this.options.trails) {
      // Core keeps one trail subscription per active alert.
      this.trailStore = client.trailsOf(this.store);
      this.trails.set(this.trailStore);
    }
  }

  hostDisconnected(): void {
    this.drop();
  }

  private onList(v: Loadable<AlertSummary[]>): void {
    if (v.status === "error") return this.report(toErrorDetail(v.error, "network/unreachable"));
    if (v.status !== "ready") return;
    this.report(null);
    this.options.onList?.(v.value);
  }

  private drop(): void {
    const stores = [this.trailStore, this.store];
    this.client = null;
    this.store = null;
    this.trailStore = null;
    this.trails.set(null);
    this.list.set(null);
    this.options.onList?.(null);
    for (const store of stores) {
      try {
        store?.dispose();
      } catch {
        // Disposal is best effort.
      }
    }
  }
}
