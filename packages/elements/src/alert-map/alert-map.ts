import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import type { AlertSummary } from "@alertrun/core";
import { ConfiguredElement } from "../internal/configured-element.js";
import { ActiveAlertsController } from "../internal/active-alerts-controller.js";
import type { ClientResolution } from "../internal/client-controller.js";
import { alertItems, clickedAlertId } from "../internal/alert-items.js";
import { baseStyles } from "../internal/base.styles.js";
import { ClockController } from "../internal/clock-controller.js";
import { toErrorDetail } from "../internal/errors.js";
import { categoryLabel, formatAgo, formatPosition } from "../internal/format-alert.js";
import { whenIdle } from "../internal/idle.js";
import type { AlertErrorDetail } from "../events.js";
import { adoptLeafletCss, loadLeaflet, type Leaflet } from "./leaflet-loader.js";
import { mapAttributeProblem } from "./map-attributes.js";
import { MapView } from "./map-view.js";
import { alertMapStyles } from "./alert-map.styles.js";
import { addEnglish } from "../internal/i18n/messages.js";
import { enResponder } from "../internal/i18n/en-responder.js";

// This element's English travels with its code (the CDN entry loads it on demand).
addEnglish(enResponder);

export type AlertMapState = "loading" | "ready" | "error";

/**
 * @tagname alert-map
 * @summary Active alerts on a map: live positions, accuracy circles and trails.
 *
 * Leaflet and its CSS load on demand. Markers are drawn as vectors, so they stay visible on a
 * plain background when map tiles cannot load. Under the map, a list of the same alerts gives
 * keyboard and screen-reader users the same choices as the markers.
 *
 * Nothing from the backend is ever handed to Leaflet as markup: tooltips are DOM text nodes, and
 * the zoom buttons and the attribution are drawn by the element (Leaflet's own controls write
 * `innerHTML`). The map works on pages that enforce Trusted Types; see docs/security.md.
 *
 * @fires alert-select - A marker or list entry was chosen. `detail: {alertId}`.
 * @fires alert-error - Bad attributes, an unreachable backend, Leaflet failed to load. `detail: {code, message}`.
 *
 * @csspart base - The wrapper around everything the element shows.
 * @csspart frame - The box around the map.
 * @csspart map - The Leaflet container.
 * @csspart notice - The "map tiles unavailable" note.
 * @csspart zoom - The group of zoom buttons.
 * @csspart zoom-button - The zoom in and zoom out buttons.
 * @csspart attribution - The tile attribution (plain text).
 * @csspart list - The list of alerts under the map.
 * @csspart item - One alert in the list (a button).
 * @csspart error - The in-place error message.
 *
 * @cssproperty [--alertrun-color-danger=#c62828] - Markers, accuracy circles and trails.
 * @cssproperty [--alertrun-color-accent=#1d4ed8] - The selected marker.
 * @cssproperty [--alertrun-map-height=320px] - Height of the map.
 * @cssproperty [--alertrun-map-background=#e5e7eb] - Background where there are no tiles.
 * @cssproperty [--alertrun-color-surface=#ffffff] - List and notice background.
 * @cssproperty [--alertrun-color-text=#17171c] - Text color.
 * @cssproperty [--alertrun-color-muted=#555b66] - Secondary text.
 * @cssproperty [--alertrun-color-border=#c9ccd3] - Borders.
 * @cssproperty [--alertrun-color-focus=#1d4ed8] - Focus ring.
 * @cssproperty [--alertrun-font-family=system-ui] - Font stack.
 * @cssproperty [--alertrun-font-size=medium] - Base font size.
 * @cssproperty [--alertrun-radius=12px] - Corner radius.
 */
export class AlertMap extends ConfiguredElement {
  static override styles = [baseStyles, alertMapStyles];

  /** Tile URL template with `{z}`, `{x}`, `{y}` (and optionally `{s}`, `{r}`); `none` for no tiles. */
  @property({ attribute: "tile-url" }) tileUrl: string = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  /** Attribution text shown for the tiles (plain text). Default: "© OpenStreetMap contributors", in the element's language. */
  @property() attribution?: string;

  /** Image drawn over the map, e.g. a venue floor plan. Needs `floor-plan-bounds`. */
  @property({ attribute: "floor-plan-url" }) floorPlanUrl?: string;

  /** Corners of the floor plan: `"south,west,north,east"` in degrees. */
  @property({ attribute: "floor-plan-bounds" }) floorPlanBounds?: string;

  /** The alert drawn as selected; set by the page, e.g. from `alert-select`. */
  @property() selected?: string;

  /** `loading | ready | error` (reflected, read-only). */
  @property({ reflect: true }) state: AlertMapState = "loading";

  /** Whether tiles failed to load (markers are then shown on a plain background). */
  @state() tilesUnavailable = false;

  /** The alerts with a known position, newest first. */
  get alerts(): readonly AlertSummary[] {
    const v = this.feed.list.value;
    return v.status === "ready"
      ? [...v.value].filter((a) => a.location).sort((a, b) => b.startedAt - a.startedAt)
      : [];
  }

  @state() private leaflet: Leaflet | null = null;

  private readonly clock = new ClockController(this);
  private readonly feed = new ActiveAlertsController(this, this.reportRuntime, { trails: true });
  private readonly view = new MapView({
    zoomed: () => this.requestUpdate(),
    tiles: (unavailable) => {
      if (this.tilesUnavailable !== unavailable) this.tilesUnavailable = unavailable;
    },
    select: this.guard((alertId: string) => this.queueEvent("alert-select", { alertId })),
  });
  private cancelIdle: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock.running = true;
    // Start fetching Leaflet at once, but yield to the page's first render.
    this.cancelIdle = whenIdle(() => this.load(), 500);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelIdle?.();
    this.view.destroy();
  }

  private load(): void {
    loadLeaflet().then(
      ({ L, css }) => {
        if (!this.leaflet) adoptLeafletCss(this.shadowRoot, css);
        this.leaflet = L;
      },
      (error: unknown) => this.fail(toErrorDetail(error, "map/load-failed")),
    );
  }

  protected override validate(): AlertErrorDetail | null {
    return mapAttributeProblem(this.tileUrl, this.floorPlanUrl, this.floorPlanBounds);
  }

  protected override bind(resolution: ClientResolution): void {
    this.feed.bind(resolution);
  }

  protected override computeState(): AlertMapState {
    const v = this.feed.list.value;
    if (v.status === "error") return "error";
    return v.status === "ready" && this.leaflet ? "ready" : "loading";
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.failure) {
      this.view.destroy();
      return;
    }
    const L = this.leaflet;
    const container = this.renderRoot.querySelector<HTMLElement>(".map");
    if (!L || !container) return;
    const style = getComputedStyle(this);
    this.view.draw(L, container, {
      tileUrl: this.tileUrl,
      attribution: this.attribution ?? this.i18n.t("mapAttribution"),
      floorPlanUrl: this.floorPlanUrl,
      floorPlanBounds: this.floorPlanBounds,
      floorPlanAlt: this.i18n.t("floorPlan"),
      alerts: this.alerts,
      trails: this.feed.trails.value,
      selected: this.selected,
      danger: style.getPropertyValue("--_danger").trim() || "#c62828",
      accent: style.getPropertyValue("--_accent").trim() || "#1d4ed8",
      title: (alert) => this.i18n.t("alertTitle", { category: categoryLabel(alert.category, this.i18n) }),
      lang: this.i18n.lang,
    });
  }

  private readonly zoomIn = this.guard(() => this.view.map?.zoomIn());
  private readonly zoomOut = this.guard(() => this.view.map?.zoomOut());

  private renderControls() {
    const map = this.view.map;
    if (!this.leaflet) return nothing;
    const zoom = map?.getZoom() ?? 0;
    const tiles = this.tileUrl?.trim();
    return html`<div part="zoom" class="zoom" role="group" aria-label=${this.i18n.t("zoom")}>
        <button part="zoom-button" class="zoom-button" type="button" aria-label=${this.i18n.t("zoomIn")} ?disabled=${!!map && zoom >= map.getMaxZoom()} @click=${this.zoomIn}>+</button>
        <button part="zoom-button" class="zoom-button" type="button" aria-label=${this.i18n.t("zoomOut")} ?disabled=${!!map && zoom <= map.getMinZoom()} @click=${this.zoomOut}>−</button>
      </div>
      ${tiles && tiles !== "none" ? html`<div part="attribution" class="attribution">${this.attribution ?? this.i18n.t("mapAttribution")}</div>` : nothing}`;
  }

  private readonly select = this.guard((event: Event) => {
    const alertId = clickedAlertId(event);
    if (alertId) this.queueEvent("alert-select", { alertId });
  });

  protected override renderContent(): unknown {
    const alerts = this.alerts;
    return html`<div part="base" class="base">
      <div part="frame" class="frame" role="region" aria-label=${this.i18n.t("mapRegion")}>
        <div part="map" class="map"></div>
        ${this.renderControls()}
        ${this.leaflet ? nothing : html`<div class="loading" role="status">${this.i18n.t("loadingMap")}</div>`}
        ${this.tilesUnavailable
          ? html`<div part="notice" class="notice" role="status">${this.i18n.t("tilesUnavailable")}</div>`
          : nothing}
      </div>
      ${alerts.length
        ? html`<ul part="list" class="list" aria-label=${this.i18n.t("alertsOnMap")}>
            ${alertItems(
              alerts,
              this.selected,
              this.select,
              (a) => html`<span class="item-title">${categoryLabel(a.category, this.i18n)}</span>
                <span class="item-pos"
                  >${formatPosition(a.location!.lat, a.location!.lng, a.location!.accuracy, this.i18n)} ·
                  ${formatAgo(a.location!.at, this.clock.now, this.i18n)}</span
                >`,
              true,
            )}
          </ul>`
        : this.feed.list.value.status === "ready"
          ? html`<p class="empty">${this.i18n.t("noAlertsWithLocation")}</p>`
          : nothing}
    </div>`;
  }
}
