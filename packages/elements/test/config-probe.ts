// A minimal ConfiguredElement, <config-probe>, for the tests of shared configuration.
import { html, type PropertyValues } from "lit";
import { property } from "lit/decorators.js";
import type { AlertRunClient } from "@alertrun/core";
import { ConfiguredElement } from "../src/internal/configured-element.js";
import type { ClientResolution } from "../src/internal/client-controller.js";
import type { AlertErrorDetail } from "../src/events.js";

/** Records what `bind` is handed; `ready` once it has a client. */
export class ConfigProbe extends ConfiguredElement {
  @property({ reflect: true }) state = "loading";
  /** A stand-in for an element's own attribute check. */
  @property({ type: Boolean }) broken = false;
  readonly seen: ClientResolution[] = [];

  /** The client of the latest resolution, if it had one. */
  get bound(): AlertRunClient | undefined {
    const last = this.seen.at(-1);
    return last && "client" in last ? last.client : undefined;
  }

  protected override validate(): AlertErrorDetail | null {
    return this.broken ? { code: "config/invalid-attribute", message: "broken is set." } : null;
  }

  protected override bind(resolution: ClientResolution, _changed: PropertyValues): void {
    if (this.seen.at(-1) !== resolution) this.seen.push(resolution);
  }

  protected override computeState(): string {
    return this.bound ? "ready" : "loading";
  }

  protected override renderContent(): unknown {
    return html`<p part="base">probe</p>`;
  }
}
ConfigProbe.define("config-probe");
