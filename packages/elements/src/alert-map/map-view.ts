import type * as LeafletTypes from "leaflet";
import type { Leaflet } from "./leaflet-loader.js";
import { parseBounds } from "./map-attributes.js";
import { AlertMarkers, type MarkerInput } from "./alert-markers.js";

/** What the map shows besides the markers: tiles and the floor plan. */
export interface MapInput extends MarkerInput {
  tileUrl: string | undefined;
  attribution: string;
  floorPlanUrl: string | undefined;
  floorPlanBounds: string | undefined;
  floorPlanAlt: string;
}

/** What the map tells its element. Called outside Lit's update cycle (from a microtask). */
export interface MapEvents {
  /** The zoom changed: the zoom buttons may need enabling or disabling. */
  zoomed(): void;
  /** Tiles failed (true) or loaded again (false). */
  tiles(unavailable: boolean): void;
  /** A marker was clicked. */
  select(alertId: string): void;
}

/**
 * The Leaflet map inside `<alert-map>`: created on the element's container once Leaflet has
 * loaded, kept in step with the element's attributes and alerts, removed with the element.
 */
export class MapView {
  /** The live Leaflet map, or null before the first draw and after `destroy`. */
  map: LeafletTypes.Map | null = null;
  private tiles: LeafletTypes.TileLayer | null = null;
  private tileKey = "";
  private floorPlan: LeafletTypes.ImageOverlay | null = null;
  private floorKey = "";
  private resizeObserver: ResizeObserver | null = null;
  private readonly markers: AlertMarkers;

  constructor(private readonly events: MapEvents) {
    this.markers = new AlertMarkers((id) => events.select(id));
  }

  /** Draws `input` into `container`, creating the map (or moving to a new container) first. */
  draw(L: Leaflet, container: HTMLElement, input: MapInput): void {
    if (this.map && this.map.getContainer() !== container) this.destroy();
    const map = this.map ?? this.create(L, container);
    this.syncTiles(L, map, input);
    this.syncFloorPlan(L, map, input);
    this.markers.sync(L, map, input);
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.map?.remove();
    this.map = null;
    this.tiles = null;
    this.tileKey = "";
    this.floorPlan = null;
    this.floorKey = "";
    this.markers.clear();
  }

  private create(L: Leaflet, container: HTMLElement): LeafletTypes.Map {
    // Leaflet's zoom and attribution controls write innerHTML: the element draws both itself.
    const map = L.map(container, { zoomControl: false, attributionControl: false, worldCopyJump: true });
    // Zoom changes inside the element's update (fitBounds): re-render the buttons after it.
    map.on("zoomend", () => queueMicrotask(() => this.events.zoomed()));
    map.setView([20, 0], 2);
    this.map = map;
    this.resizeObserver = new ResizeObserver(() => map.invalidateSize());
    this.resizeObserver.observe(container);
    return map;
  }

  private syncTiles(L: Leaflet, map: LeafletTypes.Map, input: MapInput): void {
    const key = `${input.tileUrl}\n${input.attribution}`;
    if (key === this.tileKey) return;
    this.tileKey = key;
    this.tiles?.remove();
    this.tiles = null;
    // Leaflet may report a failed tile synchronously, inside the element's update: tell it after.
    const report = (unavailable: boolean) => queueMicrotask(() => this.events.tiles(unavailable));
    report(false);
    const url = input.tileUrl?.trim();
    if (!url || url === "none") return;
    const tiles = L.tileLayer(url, { maxZoom: 19 });
    tiles.on("tileerror", () => report(true));
    tiles.on("tileload", () => report(false));
    tiles.addTo(map);
    this.tiles = tiles;
  }

  private syncFloorPlan(L: Leaflet, map: LeafletTypes.Map, input: MapInput): void {
    const key = `${input.floorPlanUrl ?? ""}\n${input.floorPlanBounds ?? ""}\n${input.lang}`;
    if (key === this.floorKey) return;
    this.floorKey = key;
    this.floorPlan?.remove();
    this.floorPlan = null;
    const bounds = input.floorPlanBounds ? parseBounds(input.floorPlanBounds) : null;
    if (!input.floorPlanUrl || !bounds) return;
    this.floorPlan = L.imageOverlay(input.floorPlanUrl, bounds, { alt: input.floorPlanAlt, opacity: 0.9 }).addTo(map);
    if (this.markers.size === 0) map.fitBounds(bounds);
  }
}
