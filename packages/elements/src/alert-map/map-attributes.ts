import type { AlertErrorDetail } from "../events.js";

/** South-west and north-east corners, as Leaflet's `LatLngBoundsLiteral`. */
export type Bounds = [[number, number], [number, number]];

/**
 * `floor-plan-bounds`: `"south,west,north,east"` in degrees; null unless it is four finite
 * numbers within the globe, south below north and west apart from east.
 */
export function parseBounds(text: string): Bounds | null {
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

/** The map's own attributes, checked before any network: the first problem, or null. */
export function mapAttributeProblem(
  tileUrl: string | undefined,
  floorPlanUrl: string | undefined,
  floorPlanBounds: string | undefined,
): AlertErrorDetail | null {
  const url = tileUrl?.trim();
  if (url && url !== "none" && !(url.includes("{z}") && url.includes("{x}") && url.includes("{y}"))) {
    return { code: "config/invalid-attribute", message: `tile-url "${url}" must contain {z}, {x} and {y} (or be "none").` };
  }
  if (floorPlanBounds != null && !parseBounds(floorPlanBounds)) {
    return {
      code: "config/invalid-attribute",
      message: `floor-plan-bounds "${floorPlanBounds}" must be "south,west,north,east" in degrees.`,
    };
  }
  if (floorPlanUrl && floorPlanBounds == null) {
    return { code: "config/invalid-attribute", message: "floor-plan-url needs floor-plan-bounds." };
  }
  return null;
}
