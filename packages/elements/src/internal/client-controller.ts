import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ContextConsumer } from "@lit/context";
import type { AlertRunClient, ConnectionState } from "@alertrun/core";
import { StoreController } from "./store-controller.js";
import { clientContext, type ClientSource } from "./client-context.js";
import { ClientLeaseHolder } from "./client-lease.js";

/** The element side of client resolution: what the host exposes for the controller to read. */
export interface ClientHost extends ReactiveControllerHost, HTMLElement {
  client?: AlertRunClient | undefined;
  convexUrl?: string | undefined;
  site?: string | undefined;
}

/** A client, a configuration error, or `pending` while core's code is still loading. */
export type ClientResolution = ClientSource;

/**
 * Finds the client an element uses, in order: its own `client` property, the client of an
 * enclosing `<alert-provider>` (context), or one made from its own `convex-url`/`site`.
 * Call `resolve()` in `willUpdate`; it returns the same object until an input changes.
 */
export class ClientController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof clientContext, ClientHost>;
  private readonly leases: ClientLeaseHolder;

  /** The resolved client's connection to the backend (null without a client). */
  readonly connection: StoreController<ConnectionState | null>;

  constructor(private readonly host: ClientHost) {
    host.addController(this);
    this.leases = new ClientLeaseHolder(() => host.requestUpdate());
    this.connection = new StoreController<ConnectionState | null>(host, null);
    this.consumer = new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: () => host.requestUpdate(),
    });
  }

  hostConnected(): void {
    // Resolve again: a lease released on disconnect is retaken.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    // The registry's grace period keeps the client, so a move in the DOM does not reconnect.
    this.leases.release();
  }

  resolve(): ClientResolution {
    const { client, convexUrl, site } = this.host;
    const ctx = this.consumer.value;
    // The element's own attributes win over the provider, so one element can point elsewhere.
    const useProvider = !client && !convexUrl && ctx;
    if (useProvider) this.leases.release();
    const resolution = useProvider ? ctx : this.leases.resolve({ own: client, convexUrl, site });
    this.connection.set("client" in resolution ? resolution.client.connection : null);
    return resolution;
  }
}
