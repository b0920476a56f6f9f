import { html, nothing, svg, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import type {
  AlertHold,
  AlertRunClient,
  AlertSession,
  AlertSummary,
  BroadcastStateName,
  ChatMessage,
  Loadable,
  LocationState,
  MediaState,
  SiteConfig,
  StartAlertOptions,
} from "@alertrun/core";
import { AlertRunElement } from "../internal/alertrun-element.js";
import { baseStyles } from "../internal/base.styles.js";
import { chatStyles } from "../internal/chat.styles.js";
import { ChatScroller, renderChat } from "../internal/chat.js";
import { ClientController } from "../internal/client-controller.js";
import { ClockController } from "../internal/clock-controller.js";
import { StoreController } from "../internal/store-controller.js";
import { friendlyMessage, toErrorDetail, type Failure } from "../internal/errors.js";
import { formatElapsed, formatElapsedLong, reasonLabel } from "../internal/format.js";
import { categoryProblem } from "@alertrun/contract";
import { whenIdle } from "../internal/idle.js";
import { alertButtonStyles } from "./alert-button.styles.js";

export type AlertButtonState = "idle" | "holding" | "starting" | "live" | "ending" | "ended" | "error";

type SessionState = { name: BroadcastStateName; reason: string; error?: unknown };

const MAX_HOLD_MS = 10_000;
const RING_RADIUS = 46;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

/**
 * @tagname alert-button
 * @summary Press and hold to raise an alert and stream live video, audio and location.
 *
 * @slot - The button's label. Default: "Hold for help".
 *
 * @fires alert-started - The backend created the alert. `detail: {alertId}`.
 * @fires alert-live - The alert is live for responders (it never waits on media; camera and microphone join as they connect). `detail: {alertId}`.
 * @fires alert-ended - The alert ended. `detail: {alertId, reason}`.
 * @fires alert-error - Bad configuration, an unreachable backend, blocked camera... `detail: {code, message}`.
 *
 * @csspart base - The wrapper around everything the element shows.
 * @csspart button - The round press-and-hold button.
 * @csspart ring - The hold progress ring (SVG).
 * @csspart hint - The instruction under the button.
 * @csspart panel - The live view shown while an alert is running.
 * @csspart badge - The LIVE badge.
 * @csspart preview - The camera preview `<video>`.
 * @csspart status - The list of reassurance lines (seen by, watching, location).
 * @csspart chat - The chat section.
 * @csspart chat-input - The chat text input.
 * @csspart chat-send - The chat send button.
 * @csspart end-button - The button that asks to end the alert.
 * @csspart confirm - The end-confirmation box.
 * @csspart confirm-end - The button that confirms ending.
 * @csspart confirm-cancel - The button that keeps the alert running.
 * @csspart reset-button - "Done" after the alert ended, back to the idle button.
 * @csspart error - The in-place error message.
 * @csspart outage - The notice shown while the alert service cannot be reached (the button stays).
 * @csspart fallback - The `fallback-tel` link in that notice.
 *
 * @cssproperty [--alertrun-color-danger=#c62828] - Button, ring and live accents.
 * @cssproperty [--alertrun-color-danger-contrast=#ffffff] - Text and ring on the danger color.
 * @cssproperty [--alertrun-color-surface=#ffffff] - Panel background.
 * @cssproperty [--alertrun-color-surface-raised=#f3f4f6] - Chat and notice backgrounds.
 * @cssproperty [--alertrun-color-text=#17171c] - Text color.
 * @cssproperty [--alertrun-color-muted=#555b66] - Secondary text.
 * @cssproperty [--alertrun-color-border=#c9ccd3] - Borders.
 * @cssproperty [--alertrun-color-accent=#1d4ed8] - Primary actions (send).
 * @cssproperty [--alertrun-color-accent-contrast=#ffffff] - Text on primary actions.
 * @cssproperty [--alertrun-color-focus=#1d4ed8] - Focus ring.
 * @cssproperty [--alertrun-font-family=system-ui] - Font stack.
 * @cssproperty [--alertrun-font-size=medium] - Base font size.
 * @cssproperty [--alertrun-radius=12px] - Corner radius.
 * @cssproperty [--alertrun-spacing=0.75em] - Gap between blocks.
 * @cssproperty [--alertrun-button-size=160px] - Diameter of the hold button.
 * @cssproperty [--alertrun-ring-width=8] - Width of the progress ring in SVG units (of 100).
 * @cssproperty [--alertrun-video-aspect-ratio=4 / 3] - Shape of the camera preview.
 * @cssproperty [--alertrun-chat-height=10em] - Maximum height of the chat log.
 */
export class AlertButton extends AlertRunElement {
  static override styles = [baseStyles, chatStyles, alertButtonStyles];

  /** URL of the Convex deployment. Not needed inside `<alert-provider>`. */
  @property({ attribute: "convex-url" }) convexUrl?: string;

  /** The site alerts belong to. Not needed inside `<alert-provider>`. */
  @property() site?: string;

  /** A client made by the page; overrides the provider and the attributes. */
  @property({ attribute: false }) client?: AlertRunClient;

  /** How long to hold, in milliseconds (0 to 10000). */
  @property({ type: Number }) hold: number = 1500;

  /** Category sent with the alert, e.g. `medical`, `fire`, `security`. */
  @property() category?: string;

  /** Do not use the camera (audio and location only). */
  @property({ type: Boolean, attribute: "no-video" }) noVideo = false;

  /** Do not use the microphone. */
  @property({ type: Boolean, attribute: "no-audio" }) noAudio = false;

  /** Do not share location. */
  @property({ type: Boolean, attribute: "no-location" }) noLocation = false;

  /** No sound or vibration and a minimal live view (no camera preview). */
  @property({ type: Boolean }) discreet = false;

  /**
   * A phone number (digits, `+`, `*`, `#`) offered as a `tel:` link while the alert service
   * cannot be reached, e.g. the campus security line. Shown beside the button, never instead of it.
   */
  @property({ attribute: "fallback-tel" }) fallbackTel?: string;

  /** `idle | holding | starting | live | ending | ended | error` (reflected, read-only). */
  @property({ reflect: true }) state: AlertButtonState = "idle";

  /** The current alert's id once the backend created it. */
  get alertId(): string | null {
    return this.idStore.value;
  }

  @state() private holdStartedAt: number | null = null;
  @state() private progress = 0;
  @state() private confirming = false;
  /** What the live region says; a function so it reads in the current language. */
  @state() private announcement: (() => string) | null = null;
  @state() private chatError: string | null = null;
  @state() private startWhenReady = false;
  /** The backend cannot be reached: the button stays pressable and says so (a press queues). */
  @state() private unreachable = false;

  private readonly clients = new ClientController(this);
  private readonly clock = new ClockController(this);
  private session: AlertSession | null = null;
  private resolvedClient: AlertRunClient | null = null;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  /** Issue 13: the camera and room opened while the button is held (core's `holdAlert`). */
  private pressHold: AlertHold | null = null;
  private frame = 0;
  private cancelPrefetch: (() => void) | null = null;
  private emitted = { started: false, live: false, ended: false, cameraDenied: false };
  private localStartedAt = 0;
  private focusWasInside = false;

  private readonly sessionState = new StoreController<SessionState | null>(this, null, (s) => this.onSessionState(s));
  private readonly idStore = new StoreController<string | null>(this, null, (id) => this.onAlertId(id));
  private readonly alertStore = new StoreController<AlertSummary | null>(this, null);
  private readonly media = new StoreController<MediaState | null>(this, null, (m) => this.onMedia(m));
  private readonly preview = new StoreController<MediaStream | null>(this, null);
  private readonly location = new StoreController<LocationState | null>(this, null);
  private readonly messages = new StoreController<ChatMessage[]>(this, []);
  private readonly chatScroll = new ChatScroller();
  /** Read while idle: it checks the site exists and opens the connection before the press. */
  private readonly siteInfo = new StoreController<Loadable<SiteConfig | null> | null>(this, null);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelPressHold();
    this.stopHold();
    this.cancelPrefetch?.();
    this.cancelPrefetch = null;
    // The alert itself keeps running in core: a person in danger may navigate within an SPA.
  }

  protected override sync(_changed: PropertyValues): void {
    const invalid = this.validate();
    if (invalid) {
      this.setConfigError(invalid);
      return;
    }
    const resolution = this.clients.resolve();
    if ("error" in resolution) {
      this.setConfigError(resolution.error);
      this.resolvedClient = null;
      return;
    }
    this.setConfigError(null);
    // An outage never hides the button: it is noted inline (and reported once as alert-error),
    // and a press made meanwhile is queued by core until the backend answers.
    this.noteConnection(this.clients.connection.value);
    const client = "client" in resolution ? resolution.client : null;
    if (client !== this.resolvedClient) {
      this.resolvedClient = client;
      this.siteInfo.set(client ? client.site() : null);
      if (client) this.schedulePrefetch();
      // A reload while an alert was live: show that alert again, not an idle button.
      const recovered = client && !this.session ? client.resumeAlert() : null;
      if (recovered) this.attach(recovered);
    }
    const site = this.siteInfo.value;
    if (client && site?.status === "ready" && site.value === null) {
      this.setConfigError({
        code: "config/unknown-site",
        message: `The site "${client.options.site}" does not exist on this AlertRun backend.`,
      });
      return;
    }
    // A hold completed before core's code arrived: start now.
    if (client && this.startWhenReady) {
      this.startWhenReady = false;
      this.startSession(client);
    }
  }

  private noteConnection(connection: string | null): void {
    const unreachable = connection === "offline" && (!this.session || this.sessionState.value?.name === "starting" || this.sessionState.value?.name === "idle");
    if (unreachable && !this.unreachable) {
      this.queueEvent("alert-error", { code: "network/unreachable", message: "Cannot reach the AlertRun backend." });
    }
    if (this.failure?.source === "network") this.clearFailure("network");
    this.unreachable = unreachable;
  }

  /** The fallback number as a `tel:` URL, or null when absent or not a phone number. */
  private fallbackHref(): string | null {
    const number = (this.fallbackTel ?? "").replace(/[\s().-]/g, "");
    return /^\+?[0-9*#]{2,20}$/.test(number) ? `tel:${number}` : null;
  }

  private renderOutage(pressed: boolean) {
    if (!this.unreachable) return nothing;
    const href = this.fallbackHref();
    return html`<div part="outage" class="hint" role="status">
      <p>
        ${this.i18n.t(pressed ? "outageQueued" : "outageIdle")}
      </p>
      ${href ? html`<a part="fallback" class="action" href=${href}>${this.i18n.t("callFallback", { tel: this.fallbackTel ?? "" })}</a>` : nothing}
    </div>`;
  }

  protected override computeState(): AlertButtonState {
    if (this.holdStartedAt !== null) return "holding";
    if (this.startWhenReady) return "starting";
    const s = this.sessionState.value;
    if (!this.session || !s) return "idle";
    if (s.name === "idle") return "starting";
    if (s.name === "error") return "idle";
    return s.name;
  }

  protected override update(changed: PropertyValues): void {
    // Whether focus was inside before this render replaces the view (see `moveFocus`).
    this.focusWasInside = !!this.shadowRoot?.activeElement;
    this.chatScroll.before(this.renderRoot);
    super.update(changed);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The person in need always sees the newest reply, however many messages came before it.
    this.chatScroll.after(this.renderRoot, this.messages.value.length);
    this.clock.running = this.isLiveView();
    if (changed.has("state")) this.moveFocus(changed.get("state") as AlertButtonState | undefined);
    if (changed.has("confirming") && this.confirming) {
      this.renderRoot.querySelector<HTMLElement>("[part~='confirm-cancel']")?.focus();
    }
  }

  /**
   * Keyboard and screen-reader users must not be left on a removed control when the view
   * changes: focus follows to the live panel, to "Done" when it ends, back to the button after.
   */
  private moveFocus(previous: AlertButtonState | undefined): void {
    if (!this.focusWasInside || this.shadowRoot?.activeElement) return;
    const view = (s: AlertButtonState | undefined) =>
      s === "starting" || s === "live" || s === "ending" ? "live" : s === "ended" ? "ended" : s === "error" ? "error" : "idle";
    if (view(previous) === view(this.state)) return;
    const target =
      view(this.state) === "live"
        ? "[part~='panel']"
        : view(this.state) === "ended"
          ? "[part~='reset-button']"
          : view(this.state) === "error"
            ? "[part~='error']"
            : "[part~='button']";
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  private isLiveView(): boolean {
    return this.state === "starting" || this.state === "live" || this.state === "ending";
  }

  private validate() {
    const hold = Number(this.hold);
    if (!Number.isFinite(hold) || hold < 0 || hold > MAX_HOLD_MS) {
      return {
        code: "config/invalid-attribute",
        message: `hold="${this.getAttribute("hold") ?? this.hold}" must be a number of milliseconds from 0 to ${MAX_HOLD_MS}.`,
      };
    }
    // The contract's rule, so the press is refused here rather than by alerts:start after the hold.
    const problem = this.category != null ? categoryProblem(this.category) : null;
    if (problem) return { code: "config/invalid-attribute", message: `category="${this.category}": ${problem.message}` };
    return null;
  }

  private schedulePrefetch(): void {
    this.cancelPrefetch?.();
    const client = this.resolvedClient;
    // The media SDK is large: fetch it while the page is idle, before anyone needs it.
    this.cancelPrefetch = whenIdle(() => {
      client?.prefetchMedia().catch(() => undefined);
    });
  }

  // ---- press and hold -------------------------------------------------------------------

  private readonly onPointerDown = this.guard((event: PointerEvent) => {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    try {
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture; holding still works.
    }
    this.beginHold();
  });

  private readonly onPointerUp = this.guard(() => this.releaseHold());

  private readonly onKeyDown = this.guard((event: KeyboardEvent) => {
    if (event.key !== " " && event.key !== "Enter") return;
    // Keep the native button from "clicking": only a full hold sends an alert.
    event.preventDefault();
    if (event.repeat) return;
    this.beginHold();
  });

  private readonly onKeyUp = this.guard((event: KeyboardEvent) => {
    if (event.key !== " " && event.key !== "Enter") return;
    event.preventDefault();
    this.releaseHold();
  });

  private readonly onContextMenu = (event: Event) => event.preventDefault();

  private beginHold(): void {
    if (this.state !== "idle") return;
    this.resolvedClient?.prefetchMedia().catch(() => undefined);
    this.holdStartedAt = performance.now();
    this.progress = 0;
    const hold = Number(this.hold);
    // Use the hold: camera on and publishing before the alert exists; released early, nothing stays.
    if (hold > 0 && this.resolvedClient) this.pressHold = this.resolvedClient.holdAlert(this.alertOptions());
    this.announcement = () => this.i18n.t("keepHolding", { count: Math.round(hold / 100) / 10 });
    if (hold <= 0) {
      this.completeHold();
      return;
    }
    // The timer decides; animation frames only draw the ring (they pause in background tabs).
    this.holdTimer = setTimeout(this.guard(() => this.completeHold()), hold);
    const draw = () => {
      if (this.holdStartedAt === null) return;
      this.progress = Math.min(1, (performance.now() - this.holdStartedAt) / hold);
      this.frame = requestAnimationFrame(draw);
    };
    this.frame = requestAnimationFrame(draw);
  }

  private releaseHold(): void {
    if (this.holdStartedAt === null) return;
    this.cancelPressHold();
    this.stopHold();
    this.announcement = () => this.i18n.t("releasedEarly");
  }

  private stopHold(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    cancelAnimationFrame(this.frame);
    this.holdStartedAt = null;
    this.progress = 0;
  }

  private completeHold(): void {
    this.stopHold();
    if (!this.discreet) navigator.vibrate?.(80);
    this.announcement = () => this.i18n.t("sendingAlert");
    this.localStartedAt = Date.now();
    if (this.resolvedClient) this.startSession(this.resolvedClient);
    else this.startWhenReady = true;
  }

  private cancelPressHold(): void {
    this.pressHold?.cancel();
    this.pressHold = null;
  }

  private alertOptions(): StartAlertOptions {
    return {
      ...(this.category ? { category: this.category } : {}),
      video: !this.noVideo,
      audio: !this.noAudio,
      location: !this.noLocation,
    };
  }

  private startSession(client: AlertRunClient): void {
    this.emitted = { started: false, live: false, ended: false, cameraDenied: false };
    const held = this.pressHold;
    this.pressHold = null;
    this.attach(held ? held.complete() : client.startAlert(this.alertOptions()));
  }

  private attach(session: AlertSession | null): void {
    this.session = session;
    this.confirming = false;
    this.chatError = null;
    this.sessionState.set(session?.state ?? null);
    this.idStore.set(session?.alertId ?? null);
    this.alertStore.set(session?.alert ?? null);
    this.media.set(session?.media ?? null);
    this.preview.set(session?.preview ?? null);
    this.location.set(session?.location ?? null);
    this.messages.set(session?.messages ?? null);
  }

  // ---- session events -------------------------------------------------------------------

  private onSessionState(s: SessionState | null): void {
    if (!s || !this.session) return;
    const alertId = this.session.alertId.get();
    if (s.name === "live" && !this.emitted.live && alertId) {
      this.emitted.live = true;
      this.announcement = () => this.i18n.t("alertLive");
      this.queueEvent("alert-live", { alertId });
    } else if (s.name === "ended" && !this.emitted.ended) {
      this.emitted.ended = true;
      this.announcement = () => this.i18n.t("alertEndedAnnouncement");
      if (alertId) this.queueEvent("alert-ended", { alertId, reason: s.reason });
    } else if (s.name === "error") {
      this.fail(toErrorDetail(s.error ?? { code: "alert/failed", message: s.reason }, "alert/failed"));
    }
  }

  private onAlertId(id: string | null): void {
    if (id && !this.emitted.started) {
      this.emitted.started = true;
      this.queueEvent("alert-started", { alertId: id });
    }
  }

  private onMedia(m: MediaState | null): void {
    // A blocked camera does not stop the alert (location and chat still reach responders),
    // but the page is told, once per alert.
    if (m && (m.camera === "denied" || m.microphone === "denied") && !this.emitted.cameraDenied) {
      this.emitted.cameraDenied = true;
      this.queueEvent("alert-error", {
        code: "media/permission-denied",
        message: "Camera or microphone access was blocked; the alert continues without it.",
      });
    }
  }

  // ---- actions --------------------------------------------------------------------------

  private readonly askEnd = this.guard(() => {
    this.confirming = true;
  });

  private readonly keepGoing = this.guard(() => {
    this.confirming = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>("[part~='end-button']")?.focus(),
    );
  });

  private readonly confirmEnd = this.guard(async () => {
    this.confirming = false;
    await this.session?.end("ended-by-reporter");
  });

  private readonly reset = this.guard(() => {
    this.clearFailure("runtime");
    this.startWhenReady = false;
    this.attach(null);
    this.announcement = null;
  });

  private readonly send = async (text: string) => {
    this.chatError = null;
    try {
      await this.session?.sendMessage(text);
    } catch (error) {
      this.chatError = friendlyMessage(toErrorDetail(error), this.i18n);
      throw error;
    }
  };

  private readonly sendGuarded = async (text: string) => {
    try {
      await this.send(text);
    } catch {
      // Shown inline under the chat; the alert itself is fine.
    }
  };

  // ---- rendering ------------------------------------------------------------------------

  protected override renderFailureActions(failure: Failure): unknown {
    if (failure.source !== "runtime") return nothing;
    return html`<div class="row row--spaced">
      <button part="reset-button" class="action" type="button" @click=${this.reset}>${this.i18n.t("tryAgain")}</button>
    </div>`;
  }

  protected override renderContent(): unknown {
    switch (this.state) {
      case "starting":
      case "live":
      case "ending":
        return this.renderLive();
      case "ended":
        return this.renderEnded();
      default:
        return this.renderIdle();
    }
  }

  private renderIdle() {
    const hold = Number(this.hold);
    const seconds = Math.round(hold / 100) / 10;
    const offset = RING_LENGTH * (1 - this.progress);
    return html`<div part="base" class="base">
      <button
        part="button"
        class="hold"
        type="button"
        aria-describedby="hint"
        @pointerdown=${this.onPointerDown}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp}
        @lostpointercapture=${this.onPointerUp}
        @keydown=${this.onKeyDown}
        @keyup=${this.onKeyUp}
        @blur=${this.onPointerUp}
        @contextmenu=${this.onContextMenu}
      >
        ${svg`<svg part="ring" class="ring" viewBox="0 0 100 100" aria-hidden="true">
          <circle class="ring-track" cx="50" cy="50" r=${RING_RADIUS}></circle>
          <circle class="ring-progress" cx="50" cy="50" r=${RING_RADIUS}
            stroke-dasharray=${RING_LENGTH} stroke-dashoffset=${offset}
            visibility=${this.progress > 0 ? "visible" : "hidden"}></circle>
        </svg>`}
        <span class="label"><slot>${this.i18n.t("holdLabel")}</slot></span>
      </button>
      <p id="hint" part="hint" class="hint">
        ${hold > 0
          ? this.i18n.t("holdHint", { count: seconds })
          : this.i18n.t("pressHint")}
      </p>
      ${this.renderOutage(false)}
      <div class="sr-only" role="status" aria-live="assertive">${this.announcement?.()}</div>
    </div>`;
  }

  private renderLive() {
    const alert = this.alertStore.value;
    const media = this.media.value;
    const loc = this.location.value;
    const live = this.state === "live";
    const startedAt = alert?.startedAt ?? this.localStartedAt;
    const seen = alert?.acks.seen ?? 0;
    const onTheWay = alert?.acks.on_my_way ?? 0;
    const called = alert?.acks.called_emergency_services ?? 0;
    const viewers = alert?.viewerCount ?? 0;
    const showPreview = !this.discreet && !this.noVideo && media?.mode === "video" && this.preview.value;
    return html`<div part="base" class="base">
      <section part="panel" class="panel ${this.discreet ? "panel--discreet" : ""}" aria-label=${this.i18n.t("yourAlert")} tabindex="-1">
        <div class="panel-header">
          ${live
            ? html`<span part="badge" class="badge"><span class="dot" aria-hidden="true"></span>${this.i18n.t("live")}</span>`
            : html`<span part="badge" class="badge badge--pending">${this.state === "ending" ? this.i18n.t("ending") : this.alertId ? this.i18n.t("connecting") : this.i18n.t("creatingAlert")}</span>`}
          <span class="elapsed" role="timer" aria-label=${this.i18n.t("elapsed", { duration: formatElapsedLong(startedAt, this.clock.now, this.i18n) })}
            >${formatElapsed(startedAt, this.clock.now)}</span
          >
        </div>
        ${showPreview
          ? html`<video part="preview" aria-label=${this.i18n.t("yourCamera")} .srcObject=${this.preview.value} .muted=${true} autoplay playsinline></video>`
          : nothing}
        ${this.state === "starting" ? this.renderOutage(true) : nothing}
        <ul part="status" class="status" aria-live="polite">
          <li class="reassure">${this.i18n.t("seenBy", { count: seen })}</li>
          ${onTheWay ? html`<li>${this.i18n.t("onTheWay", { count: onTheWay })}</li>` : nothing}
          ${called ? html`<li>${this.i18n.t("servicesCalled")}</li>` : nothing}
          <li class="muted">${this.i18n.t("watching", { count: viewers })}</li>
          <li class="muted">${this.locationText(loc)}</li>
          ${media && (media.camera === "denied" || media.camera === "unavailable")
            ? html`<li class="notice">${this.i18n.t(media.camera === "denied" ? "cameraBlocked" : "cameraUnavailable")}</li>`
            : nothing}
          ${media?.path === "direct"
            ? html`<li class="notice">${this.i18n.t("directNotice")}</li>`
            : media?.connection === "reconnecting" || media?.connection === "poor"
              ? html`<li class="notice">${this.i18n.t("weakConnection")}</li>`
              : nothing}
        </ul>
        ${renderChat({
          messages: this.messages.value,
          self: "reporter",
          send: this.sendGuarded,
          disabled: !this.alertId || this.state === "ending",
          error: this.chatError,
          label: this.i18n.t("chatWithResponders"),
          i18n: this.i18n,
        })}
        ${this.confirming
          ? html`<div part="confirm" class="confirm" role="alertdialog" aria-labelledby="confirm-q">
              <p id="confirm-q">${this.i18n.t("confirmEnd")}</p>
              <div class="row">
                <button part="confirm-cancel" class="action" type="button" @click=${this.keepGoing}>${this.i18n.t("keepAlertOn")}</button>
                <button part="confirm-end" class="action action--danger" type="button" @click=${this.confirmEnd}>${this.i18n.t("endAlert")}</button>
              </div>
            </div>`
          : html`<button part="end-button" class="action" type="button" ?disabled=${this.state !== "live" && this.state !== "starting"} @click=${this.askEnd}>
              ${this.i18n.t("endAlert")}
            </button>`}
      </section>
      <div class="sr-only" role="status" aria-live="assertive">${this.announcement?.()}</div>
    </div>`;
  }

  private locationText(loc: LocationState | null): string {
    const t = this.i18n.t.bind(this.i18n);
    if (this.noLocation || !loc || loc.status === "off") return t("locationOff");
    // Nothing is shared before the backend has created the alert: say what is happening.
    if (!this.alertId) return t("locationAfterCreate");
    switch (loc.status) {
      case "watching":
        return loc.last ? t("locationSharingAccuracy", { accuracy: Math.round(loc.last.accuracy) }) : t("locationSharing");
      case "pending":
        return t("locationFinding");
      case "denied":
        return t("locationDenied");
      default:
        return t("locationUnavailable");
    }
  }

  private renderEnded() {
    const s = this.sessionState.value;
    return html`<div part="base" class="base">
      <section part="panel" class="panel ended" aria-label=${this.i18n.t("yourAlert")}>
        <p><strong>${this.i18n.t("alertEnded")}</strong></p>
        ${s?.reason ? html`<p class="muted">${this.reasonText(s.reason)}</p>` : nothing}
        <button part="reset-button" class="action" type="button" @click=${this.reset}>${this.i18n.t("done")}</button>
      </section>
      <div class="sr-only" role="status" aria-live="assertive">${this.announcement?.()}</div>
    </div>`;
  }

  private reasonText(reason: string): string {
    return reasonLabel(reason, this.i18n);
  }
}
