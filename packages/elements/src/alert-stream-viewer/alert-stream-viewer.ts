import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import type { AckKind, AlertRunClient, AlertSummary, ChatMessage, MediaPath, SiteAccess, ViewerSession, ViewerStateName } from "@alertrun/core";
import { AlertRunElement } from "../internal/alertrun-element.js";
import { baseStyles } from "../internal/base.styles.js";
import { chatStyles } from "../internal/chat.styles.js";
import { ChatScroller, renderChat } from "../internal/chat.js";
import { ClientController } from "../internal/client-controller.js";
import { ClockController } from "../internal/clock-controller.js";
import { StoreController } from "../internal/store-controller.js";
import { friendlyMessage, toErrorDetail } from "../internal/errors.js";
import { formatElapsed, formatElapsedLong, reasonLabel } from "../internal/format.js";
import { categoryLabel, formatAgo, formatPosition, reporterOfflineText } from "../internal/format-alert.js";
import { whenIdle } from "../internal/idle.js";
import { alertStreamViewerStyles } from "./alert-stream-viewer.styles.js";
import { addEnglish } from "../internal/i18n/messages.js";
import { enResponder } from "../internal/i18n/en-responder.js";
import { warmUpClientCode } from "../internal/warm-up.js";

// This element's English travels with its code (the CDN entry loads it on demand).
addEnglish(enResponder);
// A viewer appended later (a responder opening an alert) finds core and Convex already loaded.
warmUpClientCode();

export type AlertStreamViewerState = "idle" | "waiting" | "connecting" | "live" | "reconnecting" | "unavailable" | "ended" | "error";

type SessionState = { name: ViewerStateName; reason: string; error?: unknown };

/** Acknowledgements in button order; each is labelled by the message `ack.<kind>`. */
const ACKS: AckKind[] = ["seen", "on_my_way", "called_emergency_services"];

const EMPTY_ACKS: ReadonlySet<AckKind> = new Set();

/**
 * @tagname alert-stream-viewer
 * @summary Watches one alert live: video, location, acknowledgements and chat with the person.
 *
 * @fires alert-live - Video from the alert is playing. `detail: {alertId}`.
 * @fires alert-ended - The watched alert ended. `detail: {alertId, reason}`.
 * @fires alert-error - Bad configuration, alert not found, connection failure... `detail: {code, message}`.
 *
 * @csspart base - The wrapper around everything the element shows.
 * @csspart stage - The video area, including its overlays.
 * @csspart video - The live `<video>`.
 * @csspart badge - The LIVE badge.
 * @csspart elapsed - Elapsed time since the alert started.
 * @csspart unmute-button - Turns sound on (video autoplays muted).
 * @csspart overlay - Connecting / reconnecting overlay on the video.
 * @csspart path - "Direct connection; media server unavailable" while video comes over the direct path.
 * @csspart details - Category, location and viewer count.
 * @csspart acks - The group of acknowledgement buttons.
 * @csspart ack-button - One acknowledgement button (with its count).
 * @csspart chat - The chat section.
 * @csspart chat-input - The chat text input.
 * @csspart chat-send - The chat send button.
 * @csspart chat-note - Shown instead of the composer when the caller may not write.
 * @csspart message - The idle, waiting and ended messages.
 * @csspart error - The in-place error message.
 * @csspart reporter-offline - "Reporter offline for m:ss" while the reporter's page has stopped its heartbeat.
 *
 * @cssproperty [--alertrun-color-danger=#c62828] - LIVE badge.
 * @cssproperty [--alertrun-color-success=#146c2e] - Pressed acknowledgement buttons.
 * @cssproperty [--alertrun-color-surface=#ffffff] - Background.
 * @cssproperty [--alertrun-color-surface-raised=#f3f4f6] - Buttons and chat background.
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
 * @cssproperty [--alertrun-video-aspect-ratio=16 / 9] - Shape of the video area.
 * @cssproperty [--alertrun-chat-height=10em] - Maximum height of the chat log.
 */
export class AlertStreamViewer extends AlertRunElement {
  static override styles = [baseStyles, chatStyles, alertStreamViewerStyles];

  /** URL of the Convex deployment. Not needed inside `<alert-provider>`. */
  @property({ attribute: "convex-url" }) convexUrl?: string;

  /** The site alerts belong to. Not needed inside `<alert-provider>`. */
  @property() site?: string;

  /** A client made by the page; overrides the provider and the attributes. */
  @property({ attribute: false }) client?: AlertRunClient;

  /** The alert to watch. */
  @property({ attribute: "alert-id" }) alertId?: string;

  /** Watch the site's most recent active alert (and the next one, when it ends). */
  @property({ type: Boolean }) latest = false;

  /** Name shown to the person with the alert when this viewer chats. */
  @property({ attribute: "display-name" }) displayName?: string;

  /**
   * `idle | waiting | connecting | live | reconnecting | unavailable | ended | error` (reflected,
   * read-only). `unavailable`: the media server is down and this viewer cannot take the direct
   * path (not a signed-in responder, or the broadcaster's direct connections are all in use);
   * location and chat go on.
   */
  @property({ reflect: true }) state: AlertStreamViewerState = "idle";

  /** Whether the video's sound is off (it starts muted so it can autoplay). */
  @state() muted = true;

  @state() private chatError: string | null = null;

  private readonly clients = new ClientController(this);
  private readonly clock = new ClockController(this);
  private session: ViewerSession | null = null;
  private pendingClient = false;
  private sessionKey: unknown[] = [];
  private emitted = { live: "", ended: "" };
  private attachedVideo: HTMLVideoElement | null = null;
  private detachVideo: (() => void) | null = null;

  private readonly sessionState = new StoreController<SessionState | null>(this, null, (s) => this.onSessionState(s));
  private readonly watchedId = new StoreController<string | null>(this, null);
  private readonly alertStore = new StoreController<AlertSummary | null>(this, null);
  private readonly stream = new StoreController<MediaStream | null>(this, null);
  private readonly mediaPath = new StoreController<MediaPath>(this, "sfu");
  private readonly messages = new StoreController<ChatMessage[]>(this, []);
  private readonly myAcks = new StoreController<ReadonlySet<AckKind>>(this, EMPTY_ACKS);
  private readonly access = new StoreController<SiteAccess | null>(this, null);
  private readonly chatScroll = new ChatScroller();

  /** The id of the alert being shown (for `latest`, the one it resolved to). */
  get watchedAlertId(): string | null {
    return this.watchedId.value ?? this.alertId ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the page stops watching: presence and media end with the element.
    this.closeSession();
  }

  protected override sync(_changed: PropertyValues): void {
    if (this.alertId !== undefined && this.alertId !== null && !this.alertId.trim()) {
      this.setConfigError({ code: "config/invalid-attribute", message: 'alert-id must not be empty.' });
      this.closeSession();
      return;
    }
    const resolution = this.clients.resolve();
    if ("error" in resolution) {
      this.setConfigError(resolution.error);
      this.closeSession();
      return;
    }
    this.setConfigError(null);
    this.applyConnection(this.clients.connection.value);
    const target = this.alertId?.trim() || (this.latest ? "latest" : null);
    this.pendingClient = "pending" in resolution && !!target;
    if (!("client" in resolution)) return;
    const key = [resolution.client, target, this.displayName];
    if (this.session && key.every((v, i) => Object.is(v, this.sessionKey[i]))) return;
    this.closeSession();
    this.clearFailure("runtime");
    this.sessionKey = key;
    if (!target) return;
    const client = resolution.client;
    whenIdle(() => void client.prefetchMedia().catch(() => undefined));
    try {
      this.attach(client.watch(target, this.displayName ? { displayName: this.displayName } : {}));
    } catch (error) {
      this.fail(toErrorDetail(error));
    }
  }

  protected override computeState(): AlertStreamViewerState {
    const s = this.sessionState.value;
    if (!this.session || !s) return this.pendingClient ? "connecting" : "idle";
    return s.name === "error" ? "idle" : s.name;
  }

  protected override update(changed: PropertyValues): void {
    this.chatScroll.before(this.renderRoot);
    super.update(changed);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.chatScroll.after(this.renderRoot, this.messages.value.length);
    this.clock.running = this.state === "live" || this.state === "reconnecting" || this.state === "connecting";
    this.syncVideo();
  }

  /**
   * Core plays the stream through `session.attach(video)` (LiveKit pauses video that no element
   * shows). LiveKit unmutes elements when audio arrives; autoplay policies only allow muted
   * playback without a gesture, so `muted` is re-applied after every change.
   */
  private syncVideo(): void {
    const video = this.renderRoot.querySelector<HTMLVideoElement>("video[part~='video']");
    if (video !== this.attachedVideo) {
      this.detachVideo?.();
      this.detachVideo = null;
      this.attachedVideo = video;
      if (video && this.session) this.detachVideo = this.session.attach(video);
    }
    if (!video) return;
    video.muted = this.muted;
    if (this.stream.value && video.paused) video.play().catch(() => undefined);
  }

  private attach(session: ViewerSession | null): void {
    this.session = session;
    this.emitted = { live: "", ended: "" };
    this.muted = true;
    this.chatError = null;
    this.sessionState.set(session?.state ?? null);
    this.watchedId.set(session?.alertId ?? null);
    this.alertStore.set(session?.alert ?? null);
    this.stream.set(session?.stream ?? null);
    this.mediaPath.set(session?.mediaPath ?? null);
    this.messages.set(session?.messages ?? null);
    this.myAcks.set(session?.myAcks ?? null);
    this.access.set(session?.access ?? null);
  }

  private closeSession(): void {
    const session = this.session;
    if (!session) return;
    this.detachVideo?.();
    this.detachVideo = null;
    this.attachedVideo = null;
    this.attach(null);
    this.sessionKey = [];
    try {
      session.close();
    } catch {
      // Closing is best effort; the backend expires presence on its own.
    }
  }

  private onSessionState(s: SessionState | null): void {
    if (!s || !this.session) return;
    const alertId = this.session.alertId.get() ?? this.alertId ?? "";
    if (s.name === "live" && this.emitted.live !== alertId && alertId) {
      this.emitted.live = alertId;
      this.queueEvent("alert-live", { alertId });
    } else if (s.name === "ended" && this.emitted.ended !== alertId && alertId) {
      this.emitted.ended = alertId;
      this.queueEvent("alert-ended", { alertId, reason: s.reason });
    } else if (s.name === "error") {
      this.fail(toErrorDetail(s.error ?? { code: "media/connect-failed", message: s.reason }, "media/connect-failed"));
    }
  }

  private readonly unmute = this.guard(async () => {
    const video = this.renderRoot.querySelector("video");
    this.muted = false;
    if (video) {
      video.muted = false;
      await video.play().catch(() => undefined);
    }
  });

  private readonly mute = this.guard(() => {
    this.muted = true;
  });

  private readonly ack = this.guard(async (event: Event) => {
    const kind = (event.currentTarget as HTMLElement).dataset["kind"] as AckKind;
    if (!this.session || this.myAcks.value.has(kind)) return;
    await this.session.acknowledge(kind);
  });

  private readonly send = async (text: string) => {
    this.chatError = null;
    try {
      await this.session?.sendMessage(text);
    } catch (error) {
      this.chatError = friendlyMessage(toErrorDetail(error), this.i18n);
    }
  };

  protected override renderContent(): unknown {
    const alert = this.alertStore.value;
    switch (this.state) {
      case "idle":
        return this.renderMessage(this.i18n.t("noAlertSelected"));
      case "waiting":
        return this.renderMessage(this.i18n.t(this.latest && !alert ? "waitingForAlert" : "waitingForVideo"), alert);
      case "unavailable":
        return this.renderMessage(this.i18n.t("videoUnavailable"), alert);
      case "ended":
        return this.renderMessage(alert?.endReason ? this.i18n.t("alertHasEndedReason", { reason: reasonLabel(alert.endReason, this.i18n) }) : this.i18n.t("alertHasEnded"), alert, false);
      default:
        return this.renderStage(alert);
    }
  }

  private renderMessage(text: string, alert?: AlertSummary | null, interactive = true) {
    return html`<div part="base" class="base">
      <p part="message" class="message" role="status">${text}</p>
      ${alert ? this.renderDetails(alert, interactive) : nothing}
    </div>`;
  }

  private renderStage(alert: AlertSummary | null) {
    const live = this.state === "live";
    const direct = this.mediaPath.value === "direct";
    const startedAt = alert?.startedAt;
    return html`<div part="base" class="base">
      <div part="stage" class="stage">
        <video
          part="video"
          aria-label=${alert ? this.i18n.t("liveVideoOf", { category: categoryLabel(alert.category, this.i18n) }) : this.i18n.t("liveVideo")}
          autoplay
          playsinline
        ></video>
        <div class="overlay-top">
          ${live || this.state === "reconnecting"
            ? html`<span part="badge" class="badge"><span class="dot" aria-hidden="true"></span>${this.i18n.t("live")}</span>`
            : html`<span part="badge" class="badge badge--off">${this.i18n.t("badgeConnecting")}</span>`}
          ${startedAt
            ? html`<span part="elapsed" class="elapsed" role="timer" aria-label=${this.i18n.t("startedAgo", { duration: formatElapsedLong(startedAt, this.clock.now, this.i18n) })}
                >${formatElapsed(startedAt, this.clock.now)}</span
              >`
            : nothing}
          ${live && direct ? html`<span part="path" class="path" role="status">${this.i18n.t("directLabel")}</span>` : nothing}
        </div>
        ${this.state === "connecting" || this.state === "reconnecting"
          ? html`<div part="overlay" class="overlay" role="status">
              <div>
                <div class="spinner" aria-hidden="true"></div>
                ${this.i18n.t(this.state === "reconnecting" ? "reconnecting" : direct ? "connectingDirect" : "connecting")}
              </div>
            </div>`
          : nothing}
        ${live
          ? this.muted
            ? html`<button part="unmute-button" class="unmute" type="button" @click=${this.unmute}>${this.i18n.t("unmute")}</button>`
            : html`<button part="unmute-button" class="unmute" type="button" @click=${this.mute}>${this.i18n.t("mute")}</button>`
          : nothing}
      </div>
      ${alert ? this.renderDetails(alert, true) : nothing}
    </div>`;
  }

  private renderDetails(alert: AlertSummary, interactive: boolean) {
    const loc = alert.location;
    const offline = reporterOfflineText(alert, this.clock.now, this.i18n);
    return html`<div part="details" class="details">
        <h3 class="title">${this.i18n.t("alertTitle", { category: categoryLabel(alert.category, this.i18n) })}</h3>
        <ul class="meta">
          <li>${loc ? this.i18n.t("locationAt", { position: formatPosition(loc.lat, loc.lng, loc.accuracy, this.i18n), ago: formatAgo(loc.at, this.clock.now, this.i18n) }) : this.i18n.t("locationNotShared")}</li>
          ${offline ? html`<li part="reporter-offline" class="notice">${offline}</li>` : nothing}
          <li class="muted">${this.i18n.t("viewers", { count: alert.viewerCount })}</li>
        </ul>
      </div>
      ${interactive ? this.renderActions(alert) : nothing}`;
  }

  /**
   * Acknowledgements and the composer appear only once `sites:access` allows them: a viewer is
   * never offered what the backend would refuse, and never looks like a responder.
   */
  private renderActions(alert: AlertSummary) {
    const access = this.access.value;
    const mine = this.myAcks.value;
    return html`${access?.canAcknowledge
        ? html`<div part="acks" class="acks" role="group" aria-label=${this.i18n.t("acknowledge")}>
            ${ACKS.map(
              (kind) =>
                html`<button
                  part="ack-button"
                  class="ack"
                  type="button"
                  data-kind=${kind}
                  aria-pressed=${mine.has(kind) ? "true" : "false"}
                  @click=${this.ack}
                >
                  ${this.i18n.t(`ack.${kind}`)} <span class="count">(${this.i18n.number(alert.acks[kind])})</span>
                </button>`,
            )}
          </div>`
        : nothing}
      ${renderChat({
        messages: this.messages.value,
        self: access?.role === "viewer" ? "viewer" : "responder",
        send: this.send,
        error: this.chatError,
        label: this.i18n.t("chatWithPerson"),
        i18n: this.i18n,
        readOnly: access?.canChat ? null : access ? this.i18n.t("chatRespondersOnly") : this.i18n.t("checkingAccess"),
      })}`;
  }
}
