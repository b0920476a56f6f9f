import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type * as LeafletTypes from "leaflet";
import type { AlertRunClient, AlertSummary, DisposableStore, Loadable, Trails } from "@alertrun/core";
import { AlertRunElement } from "../internal/alertrun-element.js";
import { baseStyles } from "../internal/base.styles.js";
import { ClientController } from "../internal/client-controller.js";
import { ClockController } from "../internal/clock-controller.js";
import { StoreController } from "../internal/store-controller.js";
import { toErrorDetail } from "../internal/errors.js";
import { categoryLabel, formatAgo, formatPosition } from "../internal/format-alert.js";
import { whenIdle } from "../internal/idle.js";
import type { AlertErrorDetail } from "../events.js";
import { loadLeaflet, type Leaflet } from "./leaflet-loader.js";
import { tooltipContent } from "./tooltip.js";
import { alertMapStyles } from "./alert-map.styles.js";
import { addEnglish } from "../internal/i18n/messages.js";
import { enResponder } from "../internal/i18n/en-responder.js";

// This element's English travels with its code (the CDN entry loads it on demand).
addEnglish(enResponder);

export type AlertMapState = "loading" | "ready" | "error";


type Layers = {
  group: LeafletTypes.LayerGroup;
  marker: LeafletTypes.CircleMarker;
  accuracy: LeafletTypes.Circle;
  trail: LeafletTypes.Polyline;
  /** The tooltip's text node: updated in place, never parsed. */
  label: Text;
};

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
export class AlertMap extends AlertRunElement {
  static override styles = [baseStyles, alertMapStyles];

  /** URL of the Convex deployment. Not needed inside `<alert-provider>`. */
  @property({ attribute: "convex-url" }) convexUrl?: string;

  /** The site whose alerts are shown. Not needed inside `<alert-provider>`. */
  @property() site?: string;

  /** A client made by the page; overrides the provider and the attributes. */
  @property({ attribute: false }) client?: AlertRunClient;

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
    const v = this.list.value;
    return v.status === "ready"
      ? [...v.value].filter((a) => a.location).sort((a, b) => b.startedAt - a.startedAt)
      : [];
  }

  @state() private leaflet: Leaflet | null = null;

  private readonly clients = new ClientController(this);
  private readonly clock = new ClockController(this);
  private feed: { client: AlertRunClient; store: ReturnType<AlertRunClient["activeAlerts"]> } | null = null;
  private readonly list = new StoreController<Loadable<AlertSummary[]>>(this, { status: "loading" }, (v) =>
    this.onList(v),
  );
  /** Core keeps one trail subscription per active alert (`client.trailsOf`). */
  private readonly trails = new StoreController<Trails>(this, new Map());
  private trailFeed: DisposableStore<Trails> | null = null;
  private map: LeafletTypes.Map | null = null;
  private tiles: LeafletTypes.TileLayer | null = null;
  private tileKey = "";
  private floorPlan: LeafletTypes.ImageOverlay | null = null;
  private floorKey = "";
  private readonly layers = new Map<string, Layers>();
  private fittedIds = "";
  private markerLang = "";
  private resizeObserver: ResizeObserver | null = null;
  private cancelIdle: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock.running = true;
    this.requestUpdate();
    // Start fetching Leaflet at once, but yield to the page's first render.
    this.cancelIdle = whenIdle(() => this.load(), 500);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelIdle?.();
    this.dropFeed();
    this.destroyMap();
  }

  private load(): void {
    loadLeaflet().then(
      ({ L, css }) => {
        if (!this.leaflet) this.adoptCss(css);
        this.leaflet = L;
      },
      (error: unknown) => this.fail(toErrorDetail(error, "map/load-failed")),
    );
  }

  private adoptCss(cssText: string): void {
    const root = this.shadowRoot;
    if (!root) return;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(cssText);
      // Leaflet's rules first, so the element's own styles win ties.
      root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
    } catch {
      const style = document.createElement("style");
      style.textContent = cssText;
      root.prepend(style);
    }
  }

  protected override sync(_changed: PropertyValues): void {
    const invalid = this.validate();
    if (invalid) {
      this.setConfigError(invalid);
      return;
    }
    const resolution = this.clients.resolve();
    if ("error" in resolution) {
      this.setConfigError(resolution.error);
      this.dropFeed();
      return;
    }
    this.setConfigError(null);
    this.applyConnection(this.clients.connection.value);
    if (!("client" in resolution)) return;
    if (this.feed?.client !== resolution.client) {
      this.dropFeed();
      this.clearFailure("runtime");
      const store = resolution.client.activeAlerts();
      this.feed = { client: resolution.client, store };
      this.list.set(store);
      this.trailFeed = resolution.client.trailsOf(store);
      this.trails.set(this.trailFeed);
    }
  }

  protected override computeState(): AlertMapState {
    const v = this.list.value;
    if (v.status === "error") return "error";
    return v.status === "ready" && this.leaflet ? "ready" : "loading";
  }

  private validate(): AlertErrorDetail | null {
    const url = this.tileUrl?.trim();
    if (url && url !== "none" && !(url.includes("{z}") && url.includes("{x}") && url.includes("{y}"))) {
      return { code: "config/invalid-attribute", message: `tile-url "${url}" must contain {z}, {x} and {y} (or be "none").` };
    }
    if (this.floorPlanBounds != null && !parseBounds(this.floorPlanBounds)) {
      return {
        code: "config/invalid-attribute",
        message: `floor-plan-bounds "${this.floorPlanBounds}" must be "south,west,north,east" in degrees.`,
      };
    }
    if (this.floorPlanUrl && this.floorPlanBounds == null) {
      return { code: "config/invalid-attribute", message: "floor-plan-url needs floor-plan-bounds." };
    }
    return null;
  }

  private onList(v: Loadable<AlertSummary[]>): void {
    if (v.status === "error") {
      this.fail(toErrorDetail(v.error, "network/unreachable"));
      return;
    }
    if (v.status !== "ready") return;
    this.clearFailure("runtime");
  }

  private dropFeed(): void {
    this.trails.set(null);
    this.trailFeed?.dispose();
    this.trailFeed = null;
    const feed = this.feed;
    this.feed = null;
    this.list.set(null);
    try {
      feed?.store.dispose();
    } catch {
      // Disposal is best effort.
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.failure) {
      this.destroyMap();
      return;
    }
    const L = this.leaflet;
    const container = this.renderRoot.querySelector<HTMLElement>(".map");
    if (!L || !container) return;
    if (this.map && this.map.getContainer() !== container) this.destroyMap();
    if (!this.map) this.createMap(L, container);
    this.syncTiles(L);
    this.syncFloorPlan(L);
    this.syncMarkers(L);
  }

  private createMap(L: Leaflet, container: HTMLElement): void {
    // Leaflet's zoom and attribution controls write innerHTML: the element draws both itself.
    const map = L.map(container, { zoomControl: false, attributionControl: false, worldCopyJump: true });
    // Zoom changes inside updated() (fitBounds): re-render the zoom buttons after this cycle.
    map.on("zoomend", () => queueMicrotask(() => this.requestUpdate()));
    map.setView([20, 0], 2);
    this.map = map;
    this.resizeObserver = new ResizeObserver(() => map.invalidateSize());
    this.resizeObserver.observe(container);
  }

  private destroyMap(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.map?.remove();
    this.map = null;
    this.markerLang = "";
    this.tiles = null;
    this.tileKey = "";
    this.floorPlan = null;
    this.floorKey = "";
    this.layers.clear();
    this.fittedIds = "";
  }

  private syncTiles(L: Leaflet): void {
    const attribution = this.attribution ?? this.i18n.t("mapAttribution");
    const key = `${this.tileUrl}\n${attribution}`;
    if (key === this.tileKey || !this.map) return;
    this.tileKey = key;
    this.tiles?.remove();
    this.tiles = null;
    if (this.tilesUnavailable) queueMicrotask(() => (this.tilesUnavailable = false));
    const url = this.tileUrl?.trim();
    if (!url || url === "none") return;
    const tiles = L.tileLayer(url, { maxZoom: 19 });
    // Leaflet may report a failed tile synchronously, inside this update: record it after.
    tiles.on("tileerror", () => {
      queueMicrotask(() => (this.tilesUnavailable = true));
    });
    tiles.on("tileload", () => {
      if (this.tilesUnavailable) this.tilesUnavailable = false;
    });
    tiles.addTo(this.map);
    this.tiles = tiles;
  }

  private syncFloorPlan(L: Leaflet): void {
    const key = `${this.floorPlanUrl ?? ""}\n${this.floorPlanBounds ?? ""}\n${this.i18n.lang}`;
    if (key === this.floorKey || !this.map) return;
    this.floorKey = key;
    this.floorPlan?.remove();
    this.floorPlan = null;
    const bounds = this.floorPlanBounds ? parseBounds(this.floorPlanBounds) : null;
    if (!this.floorPlanUrl || !bounds) return;
    this.floorPlan = L.imageOverlay(this.floorPlanUrl, bounds, { alt: this.i18n.t("floorPlan"), opacity: 0.9 }).addTo(this.map);
    if (this.layers.size === 0) this.map.fitBounds(bounds);
  }

  private syncMarkers(L: Leaflet): void {
    const map = this.map;
    if (!map) return;
    const style = getComputedStyle(this);
    const danger = style.getPropertyValue("--_danger").trim() || "#c62828";
    const accent = style.getPropertyValue("--_accent").trim() || "#1d4ed8";
    const alerts = this.alerts;
    // Tooltips are bound once per marker: a new language redraws the markers.
    if (this.markerLang !== this.i18n.lang) {
      for (const layers of this.layers.values()) layers.group.remove();
      this.layers.clear();
      this.markerLang = this.i18n.lang;
    }
    const seen = new Set<string>();
    for (const alert of alerts) {
      const loc = alert.location!;
      seen.add(alert.alertId);
      const color = alert.alertId === this.selected ? accent : danger;
      const latlng = L.latLng(loc.lat, loc.lng);
      const trail = (this.trails.value.get(alert.alertId) ?? []).map((p) => L.latLng(p.lat, p.lng));
      let layers = this.layers.get(alert.alertId);
      if (!layers) {
        const accuracy = L.circle(latlng, { radius: loc.accuracy, color, weight: 1, fillOpacity: 0.15, interactive: false });
        const trailLine = L.polyline(trail, { color, weight: 3, opacity: 0.6, dashArray: "4 6", interactive: false });
        const marker = L.circleMarker(latlng, { radius: 9, color: "#ffffff", weight: 3, fillColor: color, fillOpacity: 1 });
        const title = this.i18n.t("alertTitle", { category: categoryLabel(alert.category, this.i18n) });
        const { node, label } = tooltipContent(title);
        marker.bindTooltip(node);
        marker.on("click", this.guard(() => this.queueEvent("alert-select", { alertId: alert.alertId })));
        const group = L.layerGroup([accuracy, trailLine, marker]).addTo(map);
        layers = { group, marker, accuracy, trail: trailLine, label };
        this.layers.set(alert.alertId, layers);
      } else {
        const text = this.i18n.t("alertTitle", { category: categoryLabel(alert.category, this.i18n) });
        if (layers.label.data !== text) layers.label.data = text;
        layers.marker.setLatLng(latlng).setStyle({ fillColor: color });
        layers.accuracy.setLatLng(latlng).setRadius(loc.accuracy).setStyle({ color });
        layers.trail.setLatLngs(trail).setStyle({ color });
      }
    }
    for (const [id, layers] of this.layers) {
      if (!seen.has(id)) {
        layers.group.remove();
        this.layers.delete(id);
      }
    }
    // Frame the alerts when the set changes; later position updates do not yank the view.
    const ids = alerts.map((a) => a.alertId).sort().join(",");
    if (ids && ids !== this.fittedIds) {
      this.fittedIds = ids;
      const bounds = L.latLngBounds(alerts.map((a) => [a.location!.lat, a.location!.lng] as [number, number]));
      map.fitBounds(bounds.pad(0.5), { maxZoom: 17, animate: false });
    }
  }

  private readonly zoomIn = this.guard(() => this.map?.zoomIn());
  private readonly zoomOut = this.guard(() => this.map?.zoomOut());

  private renderControls() {
    const map = this.map;
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
    const alertId = (event.currentTarget as HTMLElement).dataset["alertId"];
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
            ${repeat(
              alerts,
              (a) => a.alertId,
              (a) => html`<li>
                <button
                  part="item"
                  class="item"
                  type="button"
                  data-alert-id=${a.alertId}
                  data-lat=${String(a.location!.lat)}
                  data-lng=${String(a.location!.lng)}
                  aria-current=${this.selected === a.alertId ? "true" : nothing}
                  @click=${this.select}
                >
                  <span class="item-title">${categoryLabel(a.category, this.i18n)}</span>
                  <span class="item-pos"
                    >${formatPosition(a.location!.lat, a.location!.lng, a.location!.accuracy, this.i18n)} ·
                    ${formatAgo(a.location!.at, this.clock.now, this.i18n)}</span
                  >
                </button>
              </li>`,
            )}
          </ul>`
        : this.list.value.status === "ready"
          ? html`<p class="empty">${this.i18n.t("noAlertsWithLocation")}</p>`
          : nothing}
    </div>`;
  }
}

function parseBounds(text: string): [[number, number], [number, number]] | null {
  const parts = text.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [south, west, north, east] = parts as [number, number, number, number];
  if (Math.abs(south) > 90 || Math.abs(north) > 90 || Math.abs(west) > 180 || Math.abs(east) > 180) return null;
  if (south >= north || west === east) return null;
  return [
    [south, west],
    [north, east],
  ];
}
