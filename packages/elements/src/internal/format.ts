/** `m:ss` or `h:mm:ss` since `since` (ms epoch). */
export function formatElapsed(since: number, now: number): string {
  const total = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "just now", "3 min ago", "2 h ago": short enough for a list row. */
export function formatAgo(since: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - since) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** Spoken durations for screen readers ("2 minutes 5 seconds"). */
export function formatElapsedLong(since: number, now: number): string {
  const total = Math.max(0, Math.floor((now - since) / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  parts.push(`${s} second${s === 1 ? "" : "s"}`);
  return parts.join(" ");
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const CATEGORY_LABELS: Record<string, string> = {
  medical: "Medical",
  fire: "Fire",
  security: "Security",
  assault: "Assault",
  other: "Other",
};

/** A readable category name; unknown categories are shown as given. */
export function categoryLabel(category: string | null | undefined): string {
  if (!category) return "Emergency";
  return CATEGORY_LABELS[category] ?? category.replace(/[-_]+/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** "40.71280, -74.00600 (±10 m)" */
export function formatPosition(lat: number, lng: number, accuracy?: number | null): string {
  const base = `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
  return accuracy != null && Number.isFinite(accuracy) ? `${base} (±${Math.round(accuracy)} m)` : base;
}

/**
 * "Reporter offline for 0:42" while an active alert's reporter page has stopped its heartbeat
 * (`reporterOnline: false`), else null. Older backends send neither field: treated as online.
 */
export function reporterOfflineText(alert: { status: string; reporterOnline?: boolean; reporterLastSeenAt?: number | null }, now: number): string | null {
  if (alert.status !== "active" || alert.reporterOnline !== false) return null;
  return alert.reporterLastSeenAt ? `Reporter offline for ${formatElapsed(alert.reporterLastSeenAt, now)}` : "Reporter offline";
}
