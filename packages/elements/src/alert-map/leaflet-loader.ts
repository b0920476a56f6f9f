/**
 * Leaflet (about 40 KB gzip with its CSS) loads only when a map is on the page. Leaflet's
 * package has no ESM entry in `main`, so the ESM file is imported by path. The CSS is bundled
 * as a string and adopted into each map's shadow root: a page-level <link> could not reach it.
 */
export type Leaflet = typeof import("leaflet");

export interface LoadedLeaflet {
  L: Leaflet;
  css: string;
}

let loading: Promise<LoadedLeaflet> | null = null;

export function loadLeaflet(): Promise<LoadedLeaflet> {
  loading ??= Promise.all([import("leaflet/dist/leaflet-src.esm.js"), import("./leaflet-css.js")]).then(
    ([L, css]) => ({ L: L as unknown as Leaflet, css: css.default }),
    (error: unknown) => {
      loading = null; // A later map may retry (the network may be back).
      throw error;
    },
  );
  return loading;
}
