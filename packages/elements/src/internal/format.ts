import type { LocalizeController } from "./i18n/localize-controller.js";

/** `m:ss` or `h:mm:ss` since `since` (ms epoch). Digits only: the same in every language. */
export function formatElapsed(since: number, now: number): string {
  const total = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "just now", "3 min ago", "2 hr ago" in the element's language. */
export function formatAgo(since: number, now: number, l: LocalizeController): string {
  return l.ago(since, now);
}

/** Spoken durations for screen readers ("2 minutes 5 seconds"), in the element's language. */
export function formatElapsedLong(since: number, now: number, l: LocalizeController): string {
  return l.duration(Math.max(0, Math.floor((now - since) / 1000)));
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

/** Why an alert ended, for people: "You ended the alert." for `ended-by-reporter`. */
export function reasonLabel(reason: string, l: LocalizeController): string {
  // Core's local reasons read "ended elsewhere: <backend reason>".
  const code = reason.slice(reason.lastIndexOf(": ") + 1).trim();
  return l.maybe(`reason.${code}`) ?? reason.replace(/[-_]+/g, " ");
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
