import { css, html, type PropertyValues } from "lit";
import { property } from "lit/decorators.js";
import { ContextProvider } from "@lit/context";
import type { AlertRunClient } from "@alertrun/core";
import { AlertRunElement } from "../internal/alertrun-element.js";
import { clientContext } from "../internal/client-context.js";
import { ClientLeaseHolder } from "../internal/client-lease.js";

/**
 * @tagname alert-provider
 * @summary Shares one AlertRun client with every AlertRun element inside it.
 *
 * @slot - The page content holding AlertRun elements.
 *
 * Children get the provider's client through `@lit/context`. A configuration problem (no
 * `convex-url`, no `site`) is handed down too, so each child shows it in place. The provider
 * renders nothing of its own (`display: contents`).
 */
export class AlertProvider extends AlertRunElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** URL of the Convex deployment, e.g. `https://happy-otter-123.convex.cloud`. */
  @property({ attribute: "convex-url" }) convexUrl?: string;

  /** The site (campus, venue) alerts belong to. */
  @property() site?: string;

  /**
   * Returns a JWT identifying the signed-in user to Convex (or null when signed out).
   * Setting it gives the provider its own client rather than a shared one.
   */
  @property({ attribute: false }) auth?: () => Promise<string | null | undefined>;

  /** A client made by the page; when set, attributes are ignored. */
  @property({ attribute: false }) client?: AlertRunClient;

  /** `ready` with a client, `error` with a configuration problem. */
  @property({ reflect: true }) state: "ready" | "error" = "ready";

  private readonly provider = new ContextProvider(this, { context: clientContext });
  private readonly leases = new ClientLeaseHolder(() => this.requestUpdate());

  /** The client descendants receive, if configuration allowed one. */
  get activeClient(): AlertRunClient | undefined {
    const value = this.provider.value;
    return value && "client" in value ? value.client : undefined;
  }

  protected override sync(_changed: PropertyValues): void {
    const source = this.leases.resolve({ own: this.client, convexUrl: this.convexUrl, site: this.site, auth: this.auth });
    if (source !== this.provider.value) this.provider.setValue(source);
  }

  protected override computeState(): string {
    const value = this.provider.value;
    return value && "error" in value ? "error" : "ready";
  }

  // Children report a configuration error in place; the provider itself has no box to show it.
  protected override render(): unknown {
    return html`<slot></slot>`;
  }

  protected override renderContent(): unknown {
    return html`<slot></slot>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A provider moved in the DOM re-takes its client (released on disconnect).
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.leases.release();
  }
}
