import type { PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import type { AckKind, ViewerSession, ViewerStateName } from "@alertrun/core";
import { ConfiguredElement } from "../internal/configured-element.js";
import type { ClientResolution } from "../internal/client-controller.js";
import type { AlertErrorDetail } from "../events.js";
import { baseStyles } from "../internal/base.styles.js";
import { chatStyles } from "../internal/chat.styles.js";
import { liveBadgeStyles } from "../internal/live-badge.styles.js";
import { ChatScroller } from "../internal/chat.js";
import { ClockController } from "../internal/clock-controller.js";
import { SessionStores } from "../internal/session-stores.js";
import { friendlyMessage, toErrorDetail } from "../internal/errors.js";
import { reasonLabel } from "../internal/format.js";
import { whenIdle } from "../internal/idle.js";
import { VideoAttachment } from "./video-attachment.js";
import { renderMessage, renderStage, type ViewerView } from "./viewer-templates.js";
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

const EMPTY_ACKS: ReadonlySet<AckKind> = new Set();
/** The viewer session's stores the element renders. */
const VIEWER_STORES = ["state", "alertId", "alert", "stream", "mediaPath", "messages", "myAcks", "access"] as const;
type ViewerStoreKey = (typeof VIEWER_STORES)[number];

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
export class AlertStreamViewer extends ConfiguredElement {
  static override styles = [baseStyles, chatStyles, liveBadgeStyles, alertStreamViewerStyles];

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

  private readonly clock = new ClockController(this);
  private session: ViewerSession | null = null;
  private pendingClient = false;
  private sessionKey: unknown[] = [];
  private emitted = { live: "", ended: "" };
  private readonly video = new VideoAttachment();
  private readonly bound = new SessionStores<ViewerSession, ViewerStoreKey>(this, VIEWER_STORES, {
    state: (s) => this.onSessionState(s),
  });
  private readonly chatScroll = new ChatScroller();

  /** The id of the alert being shown (for `latest`, the one it resolved to). */
  get watchedAlertId(): string | null {
    return this.bound.stores.alertId.value ?? this.alertId ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the page stops watching: presence and media end with the element.
    this.closeSession();
  }

  protected override validate(): AlertErrorDetail | null {
    if (this.alertId !== undefined && this.alertId !== null && !this.alertId.trim()) {
      return { code: "config/invalid-attribute", message: 'alert-id must not be empty.' };
    }
    return null;
  }

  protected override bind(resolution: ClientResolution): void {
    if ("error" in resolution) {
      this.closeSession();
      return;
    }
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
    const s = this.bound.stores.state.value;
    if (!this.session || !s) return this.pendingClient ? "connecting" : "idle";
    return s.name === "error" ? "idle" : s.name;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const { messages, stream } = this.bound.stores;
    this.chatScroll.after(this.renderRoot, messages.value?.length ?? 0);
    this.clock.running = this.state === "live" || this.state === "reconnecting" || this.state === "connecting";
    const video = this.renderRoot.querySelector<HTMLVideoElement>("video[part~='video']");
    this.video.sync(video, this.session, this.muted, !!stream.value);
  }

  private attach(session: ViewerSession | null): void {
    this.session = session;
    this.emitted = { live: "", ended: "" };
    this.muted = true;
    this.chatError = null;
    this.bound.attach(session);
  }

  private closeSession(): void {
    const session = this.session;
    if (!session) return;
    this.video.clear();
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
    if (!this.session || this.bound.stores.myAcks.value?.has(kind)) return;
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
    const alert = this.bound.stores.alert.value;
    const v = this.view();
    switch (this.state) {
      case "idle":
        return renderMessage(v, this.i18n.t("noAlertSelected"));
      case "waiting":
        return renderMessage(v, this.i18n.t(this.latest && !alert ? "waitingForAlert" : "waitingForVideo"), alert);
      case "unavailable":
        return renderMessage(v, this.i18n.t("videoUnavailable"), alert);
      case "ended":
        return renderMessage(v, alert?.endReason ? this.i18n.t("alertHasEndedReason", { reason: reasonLabel(alert.endReason, this.i18n) }) : this.i18n.t("alertHasEnded"), alert, false);
      default:
        return renderStage(v, alert);
    }
  }

  private view(): ViewerView {
    const { access, myAcks, messages, mediaPath } = this.bound.stores;
    return {
      i18n: this.i18n,
      now: this.clock.now,
      state: this.state,
      direct: mediaPath.value === "direct",
      muted: this.muted,
      access: access.value,
      myAcks: myAcks.value ?? EMPTY_ACKS,
      messages: messages.value ?? [],
      chatError: this.chatError,
      unmute: this.unmute,
      mute: this.mute,
      ack: this.ack,
      send: this.send,
    };
  }
}
