import { html, nothing } from "lit";
import type { AckKind, AlertSummary, ChatMessage, SiteAccess } from "@alertrun/core";
import { renderChat } from "../internal/chat.js";
import { formatElapsed, formatElapsedLong } from "../internal/format.js";
import { categoryLabel, formatAgo, formatPosition, reporterOfflineText } from "../internal/format-alert.js";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";

/** Acknowledgements in button order; each is labelled by the message `ack.<kind>`. */
const ACKS: AckKind[] = ["seen", "on_my_way", "called_emergency_services"];

/** What the viewer's templates read: the element's state and its handlers. */
export interface ViewerView {
  i18n: LocalizeController;
  now: number;
  /** The element's reflected `state` (`connecting`, `live`, `reconnecting`... on the stage). */
  state: string;
  /** The picture comes over the direct path (the media server is unavailable). */
  direct: boolean;
  muted: boolean;
  access: SiteAccess | null;
  myAcks: ReadonlySet<AckKind>;
  messages: ChatMessage[];
  chatError: string | null;
  unmute: () => void;
  mute: () => void;
  ack: (event: Event) => void;
  send: (text: string) => Promise<void>;
}

/** A status line (idle, waiting, ended...) with the alert's details when there is one. */
export function renderMessage(v: ViewerView, text: string, alert?: AlertSummary | null, interactive = true) {
  return html`<div part="base" class="base">
    <p part="message" class="message" role="status">${text}</p>
    ${alert ? renderDetails(v, alert, interactive) : nothing}
  </div>`;
}

/** The live video with its badge, timer, overlays and sound button, then the details. */
export function renderStage(v: ViewerView, alert: AlertSummary | null) {
  const live = v.state === "live";
  const direct = v.direct;
  const startedAt = alert?.startedAt;
  return html`<div part="base" class="base">
    <div part="stage" class="stage">
      <video
        part="video"
        aria-label=${alert ? v.i18n.t("liveVideoOf", { category: categoryLabel(alert.category, v.i18n) }) : v.i18n.t("liveVideo")}
        autoplay
        playsinline
      ></video>
      <div class="overlay-top">
        ${live || v.state === "reconnecting"
          ? html`<span part="badge" class="badge"><span class="dot" aria-hidden="true"></span>${v.i18n.t("live")}</span>`
          : html`<span part="badge" class="badge badge--off">${v.i18n.t("badgeConnecting")}</span>`}
        ${startedAt
          ? html`<span part="elapsed" class="elapsed" role="timer" aria-label=${v.i18n.t("startedAgo", { duration: formatElapsedLong(startedAt, v.now, v.i18n) })}
              >${formatElapsed(startedAt, v.now)}</span
            >`
          : nothing}
        ${live && direct ? html`<span part="path" class="path" role="status">${v.i18n.t("directLabel")}</span>` : nothing}
      </div>
      ${v.state === "connecting" || v.state === "reconnecting"
        ? html`<div part="overlay" class="overlay" role="status">
            <div>
              <div class="spinner" aria-hidden="true"></div>
              ${v.i18n.t(v.state === "reconnecting" ? "reconnecting" : direct ? "connectingDirect" : "connecting")}
            </div>
          </div>`
        : nothing}
      ${live
        ? v.muted
          ? html`<button part="unmute-button" class="unmute" type="button" @click=${v.unmute}>${v.i18n.t("unmute")}</button>`
          : html`<button part="unmute-button" class="unmute" type="button" @click=${v.mute}>${v.i18n.t("mute")}</button>`
        : nothing}
    </div>
    ${alert ? renderDetails(v, alert, true) : nothing}
  </div>`;
}

function renderDetails(v: ViewerView, alert: AlertSummary, interactive: boolean) {
  const loc = alert.location;
  const offline = reporterOfflineText(alert, v.now, v.i18n);
  return html`<div part="details" class="details">
      <h3 class="title">${v.i18n.t("alertTitle", { category: categoryLabel(alert.category, v.i18n) })}</h3>
      <ul class="meta">
        <li>${loc ? v.i18n.t("locationAt", { position: formatPosition(loc.lat, loc.lng, loc.accuracy, v.i18n), ago: formatAgo(loc.at, v.now, v.i18n) }) : v.i18n.t("locationNotShared")}</li>
        ${offline ? html`<li part="reporter-offline" class="notice">${offline}</li>` : nothing}
        <li class="muted">${v.i18n.t("viewers", { count: alert.viewerCount })}</li>
      </ul>
    </div>
    ${interactive ? renderActions(v, alert) : nothing}`;
}

/**
 * Acknowledgements and the composer appear only once `sites:access` allows them: a viewer is
 * never offered what the backend would refuse, and never looks like a responder.
 */
function renderActions(v: ViewerView, alert: AlertSummary) {
  const access = v.access;
  const mine = v.myAcks;
  return html`${access?.canAcknowledge
      ? html`<div part="acks" class="acks" role="group" aria-label=${v.i18n.t("acknowledge")}>
          ${ACKS.map(
            (kind) =>
              html`<button
                part="ack-button"
                class="ack"
                type="button"
                data-kind=${kind}
                aria-pressed=${mine.has(kind) ? "true" : "false"}
                @click=${v.ack}
              >
                ${v.i18n.t(`ack.${kind}`)} <span class="count">(${v.i18n.number(alert.acks[kind])})</span>
              </button>`,
          )}
        </div>`
      : nothing}
    ${renderChat({
      messages: v.messages,
      self: access?.role === "viewer" ? "viewer" : "responder",
      send: v.send,
      error: v.chatError,
      label: v.i18n.t("chatWithPerson"),
      i18n: v.i18n,
      readOnly: access?.canChat ? null : access ? v.i18n.t("chatRespondersOnly") : v.i18n.t("checkingAccess"),
    })}`;
}
