/**
 * The public events of every AlertRun element. All are `CustomEvent`s that bubble and are
 * composed, so a listener on `document` hears them from inside any shadow root.
 */

/** `detail` of `alert-started`, `alert-live` and `alert-select`. */
export interface AlertIdDetail {
  alertId: string;
}

/** `detail` of `alert-ended`. */
export interface AlertEndedDetail {
  alertId: string;
  /** Why the alert ended, e.g. `ended-by-reporter`, `ended-by-responder`, `expired`. */
  reason: string;
}

/** `detail` of `alert-error`: a stable `code` (see docs/elements.md) and a readable message. */
export interface AlertErrorDetail {
  code: string;
  message: string;
}

export type AlertStartedEvent = CustomEvent<AlertIdDetail>;
export type AlertLiveEvent = CustomEvent<AlertIdDetail>;
export type AlertEndedEvent = CustomEvent<AlertEndedDetail>;
export type AlertSelectEvent = CustomEvent<AlertIdDetail>;
export type AlertErrorEvent = CustomEvent<AlertErrorDetail>;

/** Event name → detail type, the single list the helpers below are typed against. */
export interface AlertRunEventDetails {
  "alert-started": AlertIdDetail;
  "alert-live": AlertIdDetail;
  "alert-ended": AlertEndedDetail;
  "alert-select": AlertIdDetail;
  "alert-error": AlertErrorDetail;
}

export type AlertRunEventName = keyof AlertRunEventDetails;

/** Dispatches one of the public events from `target`, bubbling and composed. */
export function emit<K extends AlertRunEventName>(
  target: EventTarget,
  name: K,
  detail: AlertRunEventDetails[K],
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    "alert-started": AlertStartedEvent;
    "alert-live": AlertLiveEvent;
    "alert-ended": AlertEndedEvent;
    "alert-select": AlertSelectEvent;
    "alert-error": AlertErrorEvent;
  }
}
