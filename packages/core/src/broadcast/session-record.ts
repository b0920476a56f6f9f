import { devWarn } from "../util/dev.js";

/**
 * What a reload must not lose of a press: enough to re-attach to the same alert (or to finish
 * creating it with the same idempotency key) without pressing again. Kept in `sessionStorage`,
 * which survives a reload and a reopened tab but not the browser session, and never leaves the
 * device. The owner key in it is the reporter's own credential for their alert.
 */
export interface SessionRecord {
  version: 1;
  clientRequestId: string;
  /** Null while `alerts:start` has not answered (a reload then re-sends it with the same id). */
  alertId: string | null;
  ownerKey: string | null;
  /** Evidence segment numbers below this are taken (closed before the reload). */
  nextSeq: number;
  savedAt: number;
  options: { category?: string; video?: boolean; audio?: boolean; location?: boolean; record?: boolean };
}

const PREFIX = "alertrun:broadcast:";
/** A record older than this is from an alert long over (the backend bounds every alert's life). */
const MAX_AGE_MS = 24 * 3600_000;

/** The storage key of one deployment and site: two sites or deployments on one origin never mix. */
export function recordKey(convexUrl: string, site: string): string {
  return `${PREFIX}${convexUrl}|${site}`;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null; // storage disabled (some privacy modes throw on access)
  }
}

export function loadRecord(key: string): SessionRecord | null {
  try {
    const raw = storage()?.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SessionRecord>;
    if (value.version !== 1 || typeof value.clientRequestId !== "string" || typeof value.savedAt !== "number") return null;
    if (Date.now() - value.savedAt > MAX_AGE_MS) return null;
    if ((value.alertId === null) !== (value.ownerKey === null)) return null;
    return {
      version: 1,
      clientRequestId: value.clientRequestId,
      alertId: typeof value.alertId === "string" ? value.alertId : null,
      ownerKey: typeof value.ownerKey === "string" ? value.ownerKey : null,
      nextSeq: Number.isInteger(value.nextSeq) && (value.nextSeq ?? 0) >= 0 ? (value.nextSeq as number) : 0,
      savedAt: value.savedAt,
      options: typeof value.options === "object" && value.options !== null ? value.options : {},
    };
  } catch (error) {
    devWarn("could not read the saved alert session", error);
    return null;
  }
}

export function saveRecord(key: string, record: SessionRecord): void {
  try {
    storage()?.setItem(key, JSON.stringify({ ...record, savedAt: Date.now() }));
  } catch (error) {
    devWarn("could not save the alert session (a reload would lose it)", error);
  }
}

export function clearRecord(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing to clear
  }
}
