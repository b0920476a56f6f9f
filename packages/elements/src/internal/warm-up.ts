import { whenIdle } from "./idle.js";

/**
 * Issue 13: once the page is idle, fetches `@alertrun/core`, the Convex client code and the media
 * code (`livekit-client`), so an element added later (a viewer appended when a responder opens an
 * alert) creates its client, opens its socket and joins at once instead of first downloading and
 * compiling three chunks one after the other. Pages that show a button or a viewer already
 * prefetch the same code at idle; nothing connects.
 * (Its own `import()` rather than the client registry's `loadCore`, which lives in the CDN entry:
 * sharing it would add an export to the entry chunk.)
 */
export function warmUpClientCode(): void {
  whenIdle(() => {
    import("@alertrun/core").then(
      (core) => Promise.all([core.prefetchBackend(), core.prefetchMedia()]),
      () => undefined, // the element that needs core reports a failed download
    );
  });
}
