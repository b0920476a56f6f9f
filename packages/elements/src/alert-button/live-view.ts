import { html, nothing } from "lit";
import { renderChat } from "../internal/chat.js";
import { friendlyMessage } from "../internal/errors.js";
import { formatElapsed, formatElapsedLong } from "../internal/format.js";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";
import type { SessionBinding } from "./session-binding.js";
import { renderStatus } from "./status-view.js";
import { renderEndControl, type EndControlView } from "./end-control-view.js";

export interface LiveView extends Omit<EndControlView, "canEnd"> {
  state: "starting" | "live" | "ending";
  /** The alert's stores, as the element is bound to them. */
  session: SessionBinding;
  now: number;
  discreet: boolean;
  noVideo: boolean;
  noLocation: boolean;
  /** The outage notice while the alert waits for the backend, or nothing. */
  outage: unknown;
  i18n: LocalizeController;
}

/** The badge: LIVE once responders can see the alert, else what is happening. */
function badge(state: LiveView["state"], alertId: string | null, i18n: LocalizeController) {
  if (state === "live") return html`<span part="badge" class="badge"><span class="dot" aria-hidden="true"></span>${i18n.t("live")}</span>`;
  const pending = state === "ending" ? "ending" : alertId ? "connecting" : "creatingAlert";
  return html`<span part="badge" class="badge badge--pending">${i18n.t(pending)}</span>`;
}

/**
 * The live view after a press: badge and elapsed time, camera preview, reassurance lines, chat
 * with responders, and "End alert". Loaded in its own chunk (see views-loader.ts).
 */
export function renderLive(v: LiveView) {
  const { i18n, state } = v;
  const s = v.session.stores;
  const alertId = s.alertId.value;
  const preview = s.preview.value;
  const media = s.media.value;
  // The backend's start time once known; until then, when the hold completed.
  const startedAt = s.alert.value?.startedAt ?? v.session.startedAt;
  const showPreview = !v.discreet && !v.noVideo && media?.mode === "video" && preview;
  return html`<section part="panel" class="panel ${v.discreet ? "panel--discreet" : ""}" aria-label=${i18n.t("yourAlert")} tabindex="-1">
    <div class="panel-header">
      ${badge(state, alertId, i18n)}
      <span class="elapsed" role="timer" aria-label=${i18n.t("elapsed", { duration: formatElapsedLong(startedAt, v.now, i18n) })}
        >${formatElapsed(startedAt, v.now)}</span
      >
    </div>
    ${showPreview ? html`<video part="preview" aria-label=${i18n.t("yourCamera")} .srcObject=${preview} .muted=${true} autoplay playsinline></video>` : nothing}
    ${state === "starting" ? v.outage : nothing}
    ${renderStatus({ alert: s.alert.value, media, location: s.location.value, alertId, noLocation: v.noLocation, i18n })}
    ${renderChat({
      messages: s.messages.value ?? [],
      self: "reporter",
      send: v.session.send,
      disabled: !alertId || state === "ending",
      error: v.session.chatError && friendlyMessage(v.session.chatError, i18n),
      label: i18n.t("chatWithResponders"),
      i18n,
    })}
    ${renderEndControl({ ...v, canEnd: state !== "ending" })}
  </section>`;
}
