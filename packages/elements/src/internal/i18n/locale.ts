/**
 * Which language an element speaks: its own `lang`, else the nearest ancestor's (crossing
 * shadow roots), else `<html lang>`, else the browser's. One MutationObserver for the whole
 * page follows `lang` changes at runtime.
 */

/** Scripts written right to left. */
const RTL = /^(ar|ckb|dv|fa|he|ps|sd|ug|ur|yi)$/;

/** A canonical BCP 47 tag in lower case; "en" for anything Intl cannot use. */
export function normalizeLang(tag: string | null | undefined): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag || "en");
    return (canonical ?? "en").toLowerCase();
  } catch {
    return "en";
  }
}

export function langOf(element: Element): string {
  for (let node: Node | null = element; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
    // `lang=""` (unknown) is skipped: the page or the browser knows better than "unknown".
    const lang = node instanceof Element ? node.getAttribute("lang") : null;
    if (lang) return normalizeLang(lang);
  }
  return normalizeLang(navigator.language);
}

export function isRtl(lang: string): boolean {
  return RTL.test(lang.split("-")[0]!);
}

const watchers = new Set<() => void>();
let observer: MutationObserver | null = null;

/** Calls `watcher` after any `lang` attribute on the page changes; returns the unsubscribe. */
export function watchLang(watcher: () => void): () => void {
  watchers.add(watcher);
  if (!observer) {
    observer = new MutationObserver(() => watchers.forEach((w) => w()));
    observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["lang"] });
  }
  return () => {
    watchers.delete(watcher);
    if (!watchers.size) {
      observer?.disconnect();
      observer = null;
    }
  };
}
