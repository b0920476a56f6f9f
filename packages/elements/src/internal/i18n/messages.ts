/**
 * The message registry: English built in, other languages loaded on first use, integrator
 * overrides on top. Shared by every element on the page.
 */
import type { Message, MessageOverrides, Messages } from "./catalog.js";
import { en } from "./en.js";

type Catalog = Partial<Record<string, Message>>;

/**
 * Languages that ship with AlertRun, each a separate chunk so a page pays only for the language
 * it shows. To add one: a catalog file next to `es.ts` and a line here (see docs/i18n.md).
 */
const LOADERS: Record<string, () => Promise<{ default: Messages }>> = {
  es: () => import("./es.js"),
  fr: () => import("./fr.js"),
  ar: () => import("./ar.js"),
};

// English is always there; the responder elements add their part (`addEnglish`) as they load.
const english: Catalog = { ...en };
const catalogs: Record<string, Catalog> = { en: english };
const overrides: Record<string, Catalog> = {};
const loading: Record<string, Promise<void>> = {};
const listeners = new Set<() => void>();

/** Called whenever a catalog arrives or overrides change, so elements re-render. */
export function onMessagesChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const changed = () => listeners.forEach((listener) => listener());

/**
 * Overrides messages for a language (`"en"`, `"es"`, or a region such as `"fr-CA"`, which wins
 * over `"fr"`), e.g. a campus that calls its responders "Public Safety":
 *
 *   setMessages("en", { holdHint: { one: "Hold {count} second to call Public Safety.", other: "…" } });
 *
 * Calls merge; elements on the page update at once. A language AlertRun does not ship can be
 * added this way with a full catalog; missing keys fall back to English.
 */
export function setMessages(locale: string, messages: MessageOverrides): void {
  const key = locale.toLowerCase();
  overrides[key] = { ...overrides[key], ...(messages as Catalog) };
  changed();
}

/** Starts loading the catalog of `lang`'s language if AlertRun ships one; resolves when loaded. */
export function loadMessages(lang: string): Promise<void> {
  const base = lang.split("-")[0]!;
  const load = LOADERS[base];
  if (catalogs[base] || !load) return Promise.resolve();
  return (loading[base] ??= load().then(
    (module) => {
      catalogs[base] = module.default as Catalog;
      changed();
    },
    () => {
      // Stay in English rather than break the element (offline, say); a later element may retry.
      delete loading[base];
    },
  ));
}

/**
 * Adds English text that ships with an element's own code (see `en-responder.ts`). Internal:
 * called by those elements' modules as they load.
 */
export function addEnglish(part: Catalog): void {
  // No re-render needed: only the elements of the module that brings the text use it.
  Object.assign(english, part);
}

/** The message for `key` in `lang`: overrides first, then the language, then English. */
export function lookup(lang: string, key: string): Message | undefined {
  const base = lang.split("-")[0]!;
  for (const catalog of [overrides[lang], overrides[base], catalogs[base], overrides["en"], english]) {
    const message = catalog?.[key];
    if (message !== undefined) return message;
  }
  return undefined;
}
