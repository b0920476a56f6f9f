import type { ReactiveControllerHost } from "lit";
import type { AlertHold, AlertRunClient, AlertSession, BroadcastStateName, MachineState, MediaState, StartAlertOptions } from "@alertrun/core";
import type { AlertErrorDetail, AlertRunEventDetails, AlertRunEventName } from "../events.js";
import { SessionStores, type StoreControllers } from "../internal/session-stores.js";
import { toErrorDetail } from "../internal/errors.js";
import type { MessageKey } from "../internal/i18n/catalog.js";

/** The stores of core's `AlertSession` the button renders. */
const SESSION_STORES = ["state", "alertId", "alert", "media", "preview", "location", "messages"] as const;
type SessionStoreKey = (typeof SESSION_STORES)[number];

/** How the binding reports to its element: events, live-region announcements, failures. */
export interface SessionReports {
  emit<K extends AlertRunEventName>(name: K, detail: AlertRunEventDetails[K]): void;
  announce(key: MessageKey): void;
  fail(detail: AlertErrorDetail): void;
}

/** Each public event once per alert, however often its store repeats the state. */
type Emitted = { started: boolean; live: boolean; ended: boolean; cameraDenied: boolean };
const noneEmitted = (): Emitted => ({ started: false, live: false, ended: false, cameraDenied: false });

/**
 * Binds the button to one core `AlertSession` at a time: a store controller per session store
 * (internal/session-stores.ts: the element re-renders on each change and stops listening when
 * detached), the public events derived from them, each fired once per alert, and the resume of an
 * alert that was live before a reload. The session itself lives in core and survives the element.
 */
export class SessionBinding {
  session: AlertSession | null = null;
  /** `Date.now()` when the hold completed: the elapsed time runs before the backend answers. */
  startedAt = 0;
  /** Why the last chat message could not be sent (shown under the chat; the alert is fine). */
  chatError: AlertErrorDetail | null = null;

  /** The session's stores as the element renders them (each null while there is no session). */
  readonly stores: StoreControllers<AlertSession, SessionStoreKey>;

  private readonly binder: SessionStores<AlertSession, SessionStoreKey>;
  private emitted = noneEmitted();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly reports: SessionReports,
  ) {
    this.binder = new SessionStores(host, SESSION_STORES, {
      state: (s) => this.onState(s),
      alertId: (id) => this.onAlertId(id),
      media: (m) => this.onMedia(m),
    });
    this.stores = this.binder.stores;
  }

  /** The session's state name, or null without a session. */
  get stateName(): BroadcastStateName | null {
    return this.session ? (this.stores.state.value?.name ?? null) : null;
  }

  /** Starts an alert: from the warmed-up hold if there is one, else afresh. */
  start(client: AlertRunClient, held: AlertHold | null, options: StartAlertOptions): void {
    this.emitted = noneEmitted();
    this.attach(held ? held.complete() : client.startAlert(options));
  }

  /** A reload while an alert was live: show that alert again, not an idle button. */
  resume(client: AlertRunClient): void {
    if (this.session) return;
    const recovered = client.resumeAlert();
    if (recovered) this.attach(recovered);
  }

  /** Lets go of the session (after it ended, or to retry): the element goes back to idle. */
  clear(): void {
    this.attach(null);
  }

  /** Sends a chat message; a refusal is kept in `chatError` (shown inline), never thrown. */
  readonly send = async (text: string): Promise<void> => {
    this.setChatError(null);
    try {
      await this.session?.sendMessage(text);
    } catch (error) {
      this.setChatError(toErrorDetail(error));
    }
  };

  /** Ends the alert (core's `end` never rejects: failures land in `state`). */
  end(): Promise<void> {
    return this.session?.end("ended-by-reporter") ?? Promise.resolve();
  }

  private setChatError(error: AlertErrorDetail | null): void {
    this.chatError = error;
    this.host.requestUpdate();
  }

  private attach(session: AlertSession | null): void {
    this.session = session;
    this.chatError = null;
    this.binder.attach(session);
  }

  private onState(s: MachineState<BroadcastStateName> | null): void {
    if (!s || !this.session) return;
    const alertId = this.session.alertId.get();
    if (s.name === "live" && !this.emitted.live && alertId) {
      this.emitted.live = true;
      this.reports.announce("alertLive");
      this.reports.emit("alert-live", { alertId });
    } else if (s.name === "ended" && !this.emitted.ended) {
      this.emitted.ended = true;
      this.reports.announce("alertEndedAnnouncement");
      if (alertId) this.reports.emit("alert-ended", { alertId, reason: s.reason });
    } else if (s.name === "error") {
      this.reports.fail(toErrorDetail(s.error ?? { code: "alert/failed", message: s.reason }, "alert/failed"));
    }
  }

  private onAlertId(id: string | null): void {
    if (id && !this.emitted.started) {
      this.emitted.started = true;
      this.reports.emit("alert-started", { alertId: id });
    }
  }

  private onMedia(m: MediaState | null): void {
    // A blocked camera does not stop the alert (location and chat still reach responders),
    // but the page is told, once per alert.
    if (m && (m.camera === "denied" || m.microphone === "denied") && !this.emitted.cameraDenied) {
      this.emitted.cameraDenied = true;
      this.reports.emit("alert-error", {
        code: "media/permission-denied",
        message: "Camera or microphone access was blocked; the alert continues without it.",
      });
    }
  }
}
