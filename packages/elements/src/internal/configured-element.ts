import type { PropertyValues } from "lit";
import { property } from "lit/decorators.js";
import type { AlertRunClient } from "@alertrun/core";
import type { AlertErrorDetail } from "../events.js";
import { AlertRunElement } from "./alertrun-element.js";
import { ClientController, type ClientResolution } from "./client-controller.js";

/**
 * Base of every element that talks to the backend: the `convex-url`, `site` and `client`
 * properties, the enclosing `<alert-provider>`'s client, and the preamble each update runs
 * before the element binds to its client (its own attribute checks, the configuration error
 * shown in place, the connection followed).
 *
 * Subclasses implement `bind` instead of `sync`; they may override `validate` (their own
 * attributes) and `followConnection` (how an outage shows).
 */
export abstract class ConfiguredElement extends AlertRunElement {
  /** URL of the Convex deployment, e.g. `https://happy-otter-123.convex.cloud`. Not needed inside `<alert-provider>`. */
  @property({ attribute: "convex-url" }) convexUrl?: string;

  /** The site (campus, venue) alerts belong to. Not needed inside `<alert-provider>`. */
  @property() site?: string;

  /** A client made by the page; overrides the provider and the attributes. */
  @property({ attribute: false }) client?: AlertRunClient;

  /** Resolves the client: own property, provider context, or a lease for the attributes. */
  protected readonly clients = new ClientController(this);

  /**
   * Brings the element in line with its client. `resolution` is `{client}`, `{pending: true}`
   * while core's code loads, or `{error}` (already shown in place): drop what the old client fed.
   */
  protected abstract bind(resolution: ClientResolution, changed: PropertyValues): void;

  /** The element's own attribute problems, checked before any client is resolved. */
  protected validate(): AlertErrorDetail | null {
    return null;
  }

  /** How the backend connection shows; by default `offline` puts the element in `error`. */
  protected followConnection(connection: string | null): void {
    this.applyConnection(connection);
  }

  /** Shows a failure of the client's data in place, or clears it (null) once data flows again. */
  protected readonly reportRuntime = (failure: AlertErrorDetail | null): void =>
    failure ? this.fail(failure) : this.clearFailure("runtime");

  protected override sync(changed: PropertyValues): void {
    const invalid = this.validate();
    const resolution: ClientResolution = invalid ? { error: invalid } : this.clients.resolve();
    const error = "error" in resolution ? resolution.error : null;
    this.setConfigError(error);
    if (!error) this.followConnection(this.clients.connection.value);
    this.bind(resolution, changed);
  }
}
