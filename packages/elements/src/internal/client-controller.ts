import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ContextConsumer } from "@lit/context";
import type { AlertRunClient, ConnectionState } from "@alertrun/core";
import { StoreController } from "./store-controller.js";
import type { AlertErrorDetail } from "../events.js";
import { clientContext, type ClientSource } from "./client-context.js";
import { leaseClient, type ClientLease } from "./client-registry.js";
import { toErrorDetail } from "./errors.js";

/** The element side of client resolution: what the host exposes for the controller to read. */
export interface ClientHost extends ReactiveControllerHost, HTMLElement {
  client?: AlertRunClient | undefined;
  convexUrl?: string | undefined;
  site?: string | undefined;
}

/** A client, a configuration error, or `pending` while core's code is still loading. */
export type ClientResolution = { client: AlertRunClient } | { error: AlertErrorDetail } | { pending: true };

/**
 * Finds the client an element uses, in order: its own `client` property, the client of an
 * enclosing `<alert-provider>` (context), or one made from its own `convex-url`/`site`.
 * Call `resolve()` in `willUpdate`; it returns the same object until an input changes.
 */
export class ClientController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof clientContext, ClientHost>;
  private lease: ClientLease | null = null;
  private leaseKey = "";
  private loadError: AlertErrorDetail | null = null;
  private last: ClientResolution | null = null;
  private lastInputs: unknown[] = [];

  /** The resolved client's connection to the backend (null without a client). */
  readonly connection: StoreController<ConnectionState | null>;

  constructor(private readonly host: ClientHost) {
    host.addController(this);
    this.connection = new StoreController<ConnectionState | null>(host, null);
    this.consumer = new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: () => host.requestUpdate(),
    });
  }

  hostConnected(): void {
    // Inputs are re-evaluated on the next update; a lease dropped on disconnect is retaken.
    this.last = null;
  }

  hostDisconnected(): void {
    this.dropLease();
    this.last = null;
  }

  resolve(): ClientResolution {
    const own = this.host.client;
    const ctx = this.consumer.value;
    const convexUrl = this.host.convexUrl;
    const site = this.host.site;
    const inputs = [own, ctx, convexUrl, site, this.lease?.client, this.loadError];
    if (this.last && inputs.every((v, i) => Object.is(v, this.lastInputs[i]))) return this.last;
    this.last = this.compute(own, ctx, convexUrl, site);
    this.connection.set("client" in this.last ? this.last.client.connection : null);
    this.lastInputs = [own, ctx, convexUrl, site, this.lease?.client, this.loadError];
    return this.last;
  }

  private compute(
    own: AlertRunClient | undefined,
    ctx: ClientSource | undefined,
    convexUrl: string | undefined,
    site: string | undefined,
  ): ClientResolution {
    if (own) {
      this.dropLease();
      return { client: own };
    }
    // The element's own attributes win over the provider, so one element can point elsewhere.
    if (!convexUrl && ctx) {
      this.dropLease();
      return ctx;
    }
    const key = `${convexUrl ?? ""}\n${site ?? ""}`;
    if (!this.lease || key !== this.leaseKey) {
      this.dropLease();
      const lease = leaseClient({ convexUrl, site });
      if ("code" in lease) return { error: lease };
      this.lease = lease;
      this.leaseKey = key;
      lease.ready.then(
        () => this.lease === lease && this.host.requestUpdate(),
        (error: unknown) => {
          if (this.lease !== lease) return;
          this.loadError = toErrorDetail(error, "network/unreachable");
          this.host.requestUpdate();
        },
      );
    }
    if (this.loadError) return { error: this.loadError };
    return this.lease.client ? { client: this.lease.client } : { pending: true };
  }

  private dropLease(): void {
    this.lease?.release();
    this.lease = null;
    this.leaseKey = "";
    this.loadError = null;
  }
}
