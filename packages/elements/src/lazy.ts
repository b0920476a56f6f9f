/**
 * `@alertrun/elements/lazy`: registers every AlertRun element, loading the code of the larger
 * ones only when a page uses them. The CDN entry (`alertrun.js`) is this module.
 *
 * - `<alert-provider>` and `<alert-button>` are defined at once (the button's first render must
 *   not wait for another request).
 * - `<alert-stream-viewer>`, `<alert-map>` and `<alert-feed>` are defined from their own chunks as
 *   soon as the tag appears in the document (already there, or added later), or when
 *   `loadElement(tag)` is called, and in any case once the page is idle, so every tag ends up
 *   registered on every page (also tags that only appear inside another component's shadow root,
 *   which a document observer cannot see).
 *
 * Elements upgrade when their tag is defined, so markup written before the chunk arrives works
 * unchanged; `customElements.whenDefined(tag)` resolves with the class once it is loaded.
 */
import { AlertProvider } from "./alert-provider/alert-provider.js";
import { AlertButton } from "./alert-button/alert-button.js";
import type { AlertStreamViewer } from "./alert-stream-viewer/alert-stream-viewer.js";
import type { AlertMap } from "./alert-map/alert-map.js";
import type { AlertFeed } from "./alert-feed/alert-feed.js";
import { whenIdle } from "./internal/idle.js";

export { AlertProvider } from "./alert-provider/alert-provider.js";
export { AlertButton, type AlertButtonState } from "./alert-button/alert-button.js";
export type { AlertStreamViewer, AlertStreamViewerState } from "./alert-stream-viewer/alert-stream-viewer.js";
export type { AlertMap, AlertMapState } from "./alert-map/alert-map.js";
export type { AlertFeed, AlertFeedState } from "./alert-feed/alert-feed.js";
export { AlertRunElement } from "./internal/alertrun-element.js";
export { StoreController } from "./internal/store-controller.js";
export { clientContext, type ClientSource } from "./internal/client-context.js";
export type { ElementErrorCode } from "./internal/errors.js";
export { VERSION } from "./internal/version.js";
export * from "./events.js";
export { setMessages, loadMessages } from "./internal/i18n/messages.js";
export type { Messages, MessageKey, MessageOverrides, PluralMessage } from "./internal/i18n/catalog.js";

/** The elements whose code loads on demand, by tag. */
export interface LazyElements {
  "alert-stream-viewer": typeof AlertStreamViewer;
  "alert-map": typeof AlertMap;
  "alert-feed": typeof AlertFeed;
}

export type LazyTag = keyof LazyElements;

// Each import() is its own chunk; the class registers itself under its standard tag.
const chunks: { [T in LazyTag]: () => Promise<LazyElements[T]> } = {
  "alert-stream-viewer": () => import("./alert-stream-viewer/alert-stream-viewer.js").then((m) => m.AlertStreamViewer),
  "alert-map": () => import("./alert-map/alert-map.js").then((m) => m.AlertMap),
  "alert-feed": () => import("./alert-feed/alert-feed.js").then((m) => m.AlertFeed),
};

const loading = new Map<LazyTag, Promise<unknown>>();

/**
 * Loads and registers one of the on-demand elements under its standard tag (at most once) and
 * resolves with its class. Rejects with the loader's error if the chunk cannot be fetched (the
 * next call tries again).
 */
export function loadElement<T extends LazyTag>(tag: T): Promise<LazyElements[T]> {
  let pending = loading.get(tag) as Promise<LazyElements[T]> | undefined;
  if (!pending) {
    // The text and formatting the three share: fetched alongside, not after, the element's chunk.
    void import("./internal/i18n/en-responder.js").catch(() => undefined);
    const load = chunks[tag] as () => Promise<LazyElements[T]>;
    pending = load().then(
      (element) => {
        element.define(tag);
        return element;
      },
      (error: unknown) => {
        loading.delete(tag);
        throw error;
      },
    );
    loading.set(tag, pending);
  }
  return pending;
}

const lazyTags = Object.keys(chunks) as LazyTag[];

// Automatic loads must never surface as an unhandled rejection on the host page: a chunk that
// fails to load leaves its elements un-upgraded until the tag appears again or loadElement retries.
const quietly = (tag: LazyTag) => void loadElement(tag).catch(() => undefined);

/** Loads every on-demand tag found in `root` (the node itself or its descendants). */
function scan(root: Document | Element): void {
  for (const tag of lazyTags) {
    if (!loading.has(tag) && ((root as Element).localName === tag || root.querySelector(tag))) quietly(tag);
  }
}

function start(): void {
  // The provider first: children upgraded after it find its client at once.
  AlertProvider.define("alert-provider");
  AlertButton.define("alert-button");
  if (typeof document === "undefined") return;
  scan(document);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === 1) scan(node as Element);
    }
    if (lazyTags.every((tag) => customElements.get(tag))) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
  // Every tag registered on every page, after the first render and without competing with it.
  const rest = () =>
    whenIdle(() => lazyTags.forEach(quietly));
  if (document.readyState === "complete") rest();
  else addEventListener("load", rest, { once: true });
}

start();

declare global {
  interface HTMLElementTagNameMap {
    "alert-provider": AlertProvider;
    "alert-button": AlertButton;
    "alert-stream-viewer": AlertStreamViewer;
    "alert-map": AlertMap;
    "alert-feed": AlertFeed;
  }
}
