/**
 * The CDN entry, `dist/cdn/alertrun.js`:
 *
 *   <script type="module" src="https://…/alertrun.js"></script>
 *
 * registers every element: `<alert-provider>` and `<alert-button>` at once, the others from their
 * own chunks when their tag appears (see `@alertrun/elements/lazy`). `@alertrun/core`, convex,
 * livekit-client and Leaflet are separate chunks that the elements load on demand (core as soon
 * as an element is configured, the media SDK and Leaflet when the page is idle); this entry stays
 * small so the button renders at once.
 */
export * from "@alertrun/elements/lazy";
