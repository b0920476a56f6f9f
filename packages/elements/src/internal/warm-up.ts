import { whenIdle } from "./idle.js";

/**
 * Issue 13: once the page is idle, fetches `@alertrun/core` and the Convex client code, so an
 * element added later (a viewer appended when a responder opens an alert) creates its client and
 * opens its socket at once instead of first downloading two chunks one after the other. Every
 * AlertRun element needs both; pages that already made a client have them, and nothing connects.
 * (Its own `import()` rather than the client registry's `loadCore`, which lives in the CDN entry:
 * sharing it would add an export to the entry chunk.)
 */
export function warmUpClientCode(): void {
  whenIdle(() => {
    import("@alertrun/core").then(
      (core) => core.prefetchBackend(),
      () => undefined, // the element that needs core reports a failed download
    );
  });
}
