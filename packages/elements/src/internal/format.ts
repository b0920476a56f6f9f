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

/** Spoken durations for screen readers ("2 minutes 5 seconds"), in the element's language. */
export function formatElapsedLong(since: number, now: number, l: LocalizeController): string {
  return l.duration(Math.max(0, Math.floor((now - since) / 1000)));
}

/** Why an alert ended, for people: "You ended the alert." for `ended-by-reporter`. */
export function reasonLabel(reason: string, l: LocalizeController): string {
  // Core's local reasons read "ended elsewhere: <backend reason>".
  const code = reason.slice(reason.lastIndexOf(": ") + 1).trim();
  return l.maybe(`reason.${code}`) ?? reason.replace(/[-_]+/g, " ");
}

