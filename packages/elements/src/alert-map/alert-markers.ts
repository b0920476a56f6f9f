import type * as LeafletTypes from "leaflet";
import type { AlertSummary, Trails } from "@alertrun/core";
import type { Leaflet } from "./leaflet-loader.js";
import { tooltipContent } from "./tooltip.js";

type Layers = {
  group: LeafletTypes.LayerGroup;
  marker: LeafletTypes.CircleMarker;
  accuracy: LeafletTypes.Circle;
  trail: LeafletTypes.Polyline;
  /** The tooltip's text node: updated in place, never parsed. */
  label: Text;
};

/** What one pass draws: the alerts (each with a location), their trails and the colours. */
export interface MarkerInput {
  alerts: readonly AlertSummary[];
  trails: Trails;
  selected: string | undefined;
  danger: string;
  accent: string;
  /** The tooltip text of an alert, in the element's language. */
  title: (alert: AlertSummary) => string;
  /** Tooltips are bound once per marker: a new language redraws the markers. */
  lang: string;
}

/**
 * One marker, accuracy circle and trail per alert on a Leaflet map, kept in step with the list:
 * layers are updated in place, added for new alerts and removed for gone ones.
 */
export class AlertMarkers {
  private readonly layers = new Map<string, Layers>();
  private fittedIds = "";
  private lang = "";

  /** `select` is called with the alert id when a marker is clicked. */
  constructor(private readonly select: (alertId: string) => void) {}

  get size(): number {
    return this.layers.size;
  }

  /** Forgets every layer (the map they were on is gone). */
  clear(): void {
    this.layers.clear();
    this.fittedIds = "";
    this.lang = "";
  }

  sync(L: Leaflet, map: LeafletTypes.Map, input: MarkerInput): void {
    if (this.lang !== input.lang) {
      for (const layers of this.layers.values()) layers.group.remove();
      this.layers.clear();
      this.lang = input.lang;
    }
    const seen = new Set<string>();
    for (const alert of input.alerts) {
      const loc = alert.location!;
      seen.add(alert.alertId);
      const color = alert.alertId === input.selected ? input.accent : input.danger;
      const latlng = L.latLng(loc.lat, loc.lng);
      const trail = (input.trails.get(alert.alertId) ?? []).map((p) => L.latLng(p.lat, p.lng));
      const title = input.title(alert);
      const layers = this.layers.get(alert.alertId);
      if (!layers) {
        const accuracy = L.circle(latlng, { radius: loc.accuracy, color, weight: 1, fillOpacity: 0.15, interactive: false });
        const trailLine = L.polyline(trail, { color, weight: 3, opacity: 0.6, dashArray: "4 6", interactive: false });
        const marker = L.circleMarker(latlng, { radius: 9, color: "#ffffff", weight: 3, fillColor: color, fillOpacity: 1 });
        const { node, label } = tooltipContent(title);
        marker.bindTooltip(node);
        marker.on("click", () => this.select(alert.alertId));
        const group = L.layerGroup([accuracy, trailLine, marker]).addTo(map);
        this.layers.set(alert.alertId, { group, marker, accuracy, trail: trailLine, label });
      } else {
        if (layers.label.data !== title) layers.label.data = title;
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
    this.fit(L, map, input.alerts);
  }

  /** Frames the alerts when the set changes; later position updates do not yank the view. */
  private fit(L: Leaflet, map: LeafletTypes.Map, alerts: readonly AlertSummary[]): void {
    const ids = alerts.map((a) => a.alertId).sort().join(",");
    if (!ids || ids === this.fittedIds) return;
    this.fittedIds = ids;
    const bounds = L.latLngBounds(alerts.map((a) => [a.location!.lat, a.location!.lng] as [number, number]));
    map.fitBounds(bounds.pad(0.5), { maxZoom: 17, animate: false });
  }
}
