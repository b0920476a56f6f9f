/**
 * Formatting that only the responder elements (`<alert-stream-viewer>`, `<alert-map>`,
 * `<alert-feed>`) use, kept out of `format.ts` so the CDN entry, which a button-only page
 * downloads, does not carry it.
 */
import { formatElapsed } from "./format.js";
import type { LocalizeController } from "./i18n/localize-controller.js";

/** "just now", "3 min ago", "2 hr ago" in the element's language. */
export function formatAgo(since: number, now: number, l: LocalizeController): string {
  return l.ago(since, now);
}

/** Longest label shown for a category (the backend caps it too; this guards older data). */
const CATEGORY_MAX = 64;

/**
 * A readable category name: the catalog's label for known categories (`category.medical`),
 * otherwise the category as given (as text, shortened), first letter upper-cased for the language.
 */
export function categoryLabel(category: string | null | undefined, l: LocalizeController): string {
  if (!category) return l.t("category.emergency");
  return (
    l.maybe(`category.${category}`) ??
    truncate(category.replace(/[-_]+/g, " ").replace(/^./u, (c) => c.toLocaleUpperCase(l.lang)), CATEGORY_MAX)
  );
}

/** At most `max` characters (whole code points), with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** "40.71280, -74.00600 (±10 m)" */
export function formatPosition(lat: number, lng: number, accuracy: number | null | undefined, l: LocalizeController): string {
  const base = `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
  return accuracy != null && Number.isFinite(accuracy)
    ? l.t("positionAccuracy", { position: base, accuracy: Math.round(accuracy) })
    : base;
}

/**
 * "Reporter offline for 0:42" while an active alert's reporter page has stopped its heartbeat
 * (`reporterOnline: false`), else null. Older backends send neither field: treated as online.
 */
export function reporterOfflineText(
  alert: { status: string; reporterOnline?: boolean; reporterLastSeenAt?: number | null },
  now: number,
  l: LocalizeController,
): string | null {
  if (alert.status !== "active" || alert.reporterOnline !== false) return null;
  return alert.reporterLastSeenAt
    ? l.t("reporterOffline", { duration: formatElapsed(alert.reporterLastSeenAt, now) })
    : l.t("reporterOfflineNow");
}
