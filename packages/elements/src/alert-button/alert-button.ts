import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import type { AlertHold, AlertRunClient, Loadable, SiteConfig } from "@alertrun/core";
import type { AlertErrorDetail } from "../events.js";
import { ConfiguredElement } from "../internal/configured-element.js";
import type { ClientResolution } from "../internal/client-controller.js";
import { baseStyles } from "../internal/base.styles.js";
import { chatStyles } from "../internal/chat.styles.js";
import { liveBadgeStyles } from "../internal/live-badge.styles.js";
import { ChatScrollController } from "../internal/chat-scroller.js";
import { ClockController } from "../internal/clock-controller.js";
import { StoreController } from "../internal/store-controller.js";
import type { Failure } from "../internal/errors.js";
import type { MessageKey } from "../internal/i18n/catalog.js";
import { alertButtonStyles } from "./alert-button.styles.js";
import { alertOptions, buttonOptionsProblem } from "./button-options.js";
import { HoldController } from "./hold-controller.js";
import { IdlePrefetch } from "./idle-prefetch.js";
import { SessionBinding } from "./session-binding.js";
import { FocusController } from "./focus-controller.js";
import { EndConfirmation } from "./end-confirmation.js";
import { renderIdle } from "./idle-view.js";
import { renderOutage } from "./outage-view.js";
import { renderPending } from "./pending-view.js";
import { loadPostPressViews, postPressViews } from "./views-loader.js";

export type AlertButtonState = "idle" | "holding" | "starting" | "live" | "ending" | "ended" | "error";

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
export class AlertButton extends ConfiguredElement {
  static override styles = [baseStyles, chatStyles, liveBadgeStyles, alertButtonStyles];

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
    return this.session.stores.alertId.value;
  }

  /** What the live region says; a key, so it reads in the current language. */
  @state() private announcement: { key: MessageKey; params?: { count: number } } | null = null;
  /** A hold completed before core's code arrived: the alert starts as soon as the client does. */
  @state() private startWhenReady = false;
  /** The backend cannot be reached: the button stays pressable and says so (a press queues). */
  @state() private unreachable = false;

  private readonly clock = new ClockController(this);
  private readonly focusFollower = new FocusController(this, () => (postPressViews() ? "loaded" : "pending"));
  /** Read while idle: it checks the site exists and opens the connection before the press. */
  private readonly siteInfo = new StoreController<Loadable<SiteConfig | null> | null>(this, null);
  private readonly prefetch = new IdlePrefetch(this);
  private resolvedClient: AlertRunClient | null = null;

  private readonly announce = (key: MessageKey, params?: { count: number }) => {
    this.announcement = { key, params };
  };

  // Registers itself: the chat follows its newest message unless the person scrolled back.
  private readonly chatScroll = new ChatScrollController(this, () => this.session.stores.messages.value?.length ?? 0);
  private readonly session = new SessionBinding(this, {
    emit: (name, detail) => this.queueEvent(name, detail),
    announce: this.announce,
    fail: (detail) => this.fail(detail),
  });

  private readonly ending = new EndConfirmation(this, this.focusFollower, () => this.session.end(), (fn) => this.guard(fn));

  private readonly gesture = new HoldController(this, {
    duration: () => Number(this.hold),
    canBegin: () => this.state === "idle",
    client: () => this.resolvedClient,
    alertOptions: () => alertOptions(this),
    quiet: () => this.discreet,
    guard: (fn) => this.guard(fn),
    announce: this.announce,
    onComplete: (held) => this.holdCompleted(held),
  });

  protected override validate(): AlertErrorDetail | null {
    return buttonOptionsProblem(this, this.getAttribute("hold"));
  }

  protected override bind(resolution: ClientResolution): void {
    const client = "client" in resolution ? resolution.client : null;
    if (client !== this.resolvedClient) {
      this.resolvedClient = client;
      this.siteInfo.set(client ? client.site() : null);
      if (client) {
        this.prefetch.schedule(client);
        this.session.resume(client);
      }
    }
    const site = this.siteInfo.value;
    if (client && site?.status === "ready" && site.value === null) {
      return this.setConfigError({
        code: "config/unknown-site",
        message: `The site "${client.options.site}" does not exist on this AlertRun backend.`,
      });
    }
    if (client && this.startWhenReady) {
      this.startWhenReady = false;
      this.session.start(client, null, alertOptions(this));
    }
  }

  // An outage never hides the button: it is noted inline (and reported once as alert-error),
  // and a press made meanwhile is queued by core until the backend answers.
  protected override followConnection(connection: string | null): void {
    const name = this.session.stateName;
    const unreachable = connection === "offline" && (!this.session.session || name === "starting" || name === "idle");
    if (unreachable && !this.unreachable) {
      this.queueEvent("alert-error", { code: "network/unreachable", message: "Cannot reach the AlertRun backend." });
    }
    if (this.failure?.source === "network") this.clearFailure("network");
    this.unreachable = unreachable;
  }

  protected override computeState(): AlertButtonState {
    if (this.gesture.holding) return "holding";
    if (this.startWhenReady) return "starting";
    const name = this.session.stateName;
    if (!name || name === "error") return "idle";
    return name === "idle" ? "starting" : name;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.clock.running = this.isLiveView();
    // From the start of a hold (so the live view never waits for its code), after a resume, and
    // again on each change of state if the chunk could not be fetched.
    if (changed.has("state") && this.state !== "idle" && !postPressViews()) {
      void loadPostPressViews().then(() => this.requestUpdate());
    }
  }

  private isLiveView(): boolean {
    return this.state === "starting" || this.state === "live" || this.state === "ending";
  }

  private holdCompleted(held: AlertHold | null): void {
    this.session.startedAt = Date.now();
    this.ending.reset();
    if (this.resolvedClient) this.session.start(this.resolvedClient, held, alertOptions(this));
    else this.startWhenReady = true;
  }

  // ---- actions --------------------------------------------------------------------------

  private readonly reset = this.guard(() => {
    this.clearFailure("runtime");
    this.startWhenReady = false;
    this.ending.reset();
    this.session.clear();
    this.announcement = null;
  });

  // ---- rendering ------------------------------------------------------------------------

  protected override renderFailureActions(failure: Failure): unknown {
    if (failure.source !== "runtime") return nothing;
    return html`<div class="row row--spaced">
      <button part="reset-button" class="action" type="button" @click=${this.reset}>${this.i18n.t("tryAgain")}</button>
    </div>`;
  }

  protected override renderContent(): unknown {
    const a = this.announcement;
    return html`<div part="base" class="base">
      ${this.renderView()}
      <div class="sr-only" role="status" aria-live="assertive">${a ? this.i18n.t(a.key, a.params) : nothing}</div>
    </div>`;
  }

  private renderView(): unknown {
    const { i18n, state } = this;
    const outage = renderOutage({ unreachable: this.unreachable, pressed: state === "starting", fallbackTel: this.fallbackTel, i18n });
    if (state === "idle" || state === "holding") return renderIdle({ hold: Number(this.hold), gesture: this.gesture, outage, i18n });
    if (state === "error") return nothing;
    const views = postPressViews();
    if (!views) return renderPending({ state, outage, reset: this.reset, ending: this.ending, i18n });
    if (state === "ended") return views.renderEnded({ reason: this.session.stores.state.value?.reason, reset: this.reset, i18n });
    return views.renderLive({
      state,
      session: this.session,
      now: this.clock.now,
      discreet: this.discreet,
      noVideo: this.noVideo,
      noLocation: this.noLocation,
      outage,
      ending: this.ending,
      i18n,
    });
  }
}
