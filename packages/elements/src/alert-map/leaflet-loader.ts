/**
 * Leaflet (about 40 KB gzip with its CSS) loads only when a map is on the page. Leaflet's
 * package has no ESM entry in `main`, so the ESM file is imported by path. The CSS is bundled
 * as a string and adopted into each map's shadow root: a page-level <link> could not reach it.
 * The import runs through `withLeafletProbes` so it also loads on pages that enforce Trusted
 * Types (see leaflet-trusted-types.ts).
 */
import { LEAFLET_POLICY_NAME, leafletPolicyRefused, withLeafletProbes } from "./leaflet-trusted-types.js";

export type Leaflet = typeof import("leaflet");

export interface LoadedLeaflet {
  L: Leaflet;
  css: string;
}

/** A load failure with a stable code the map reports as `alert-error`. */
export class LeafletLoadError extends Error {
  readonly code = "map/load-failed";
  override readonly cause: unknown;
  constructor(message: string, cause: unknown) {
    super(message);
    this.cause = cause;
  }
}

let loading: Promise<LoadedLeaflet> | null = null;

export function loadLeaflet(): Promise<LoadedLeaflet> {
  loading ??= withLeafletProbes(() => Promise.all([import("leaflet/dist/leaflet-src.esm.js"), import("./leaflet-css.js")])).then(
    ([L, css]) => ({ L: L as unknown as Leaflet, css: css.default }),
    (error: unknown) => {
      loading = null; // A later map may retry (the network may be back).
      const message = leafletPolicyRefused()
        ? `The map could not load: this page enforces Trusted Types and does not allow the policy "${LEAFLET_POLICY_NAME}" (add it to the trusted-types directive).`
        : "The map library could not be loaded.";
      throw new LeafletLoadError(message, error);
    },
  );
  return loading;
}

/**
 * Adopts Leaflet's CSS into a map's shadow root, ahead of the element's own sheets so those win
 * ties; a `<style>` where constructable sheets are missing.
 */
export function adoptLeafletCss(root: ShadowRoot | null, cssText: string): void {
  if (!root) return;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
  } catch {
    const style = document.createElement("style");
    style.textContent = cssText;
    root.prepend(style);
  }
}
