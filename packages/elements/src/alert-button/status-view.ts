import { html, nothing } from "lit";
import type { AlertSummary, LocationState, MediaState } from "@alertrun/core";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";

export interface StatusView {
  alert: AlertSummary | null;
  media: MediaState | null;
  location: LocationState | null;
  /** Null until the backend has created the alert: nothing is shared before that. */
  alertId: string | null;
  noLocation: boolean;
  i18n: LocalizeController;
}

/** What the location line says: never that the position is shared before it is. */
function locationText({ location: loc, alertId, noLocation, i18n }: StatusView): string {
  if (noLocation || !loc || loc.status === "off") return i18n.t("locationOff");
  if (!alertId) return i18n.t("locationAfterCreate");
  switch (loc.status) {
    case "watching":
      return loc.last ? i18n.t("locationSharingAccuracy", { accuracy: Math.round(loc.last.accuracy) }) : i18n.t("locationSharing");
    case "pending":
      return i18n.t("locationFinding");
    case "denied":
      return i18n.t("locationDenied");
    default:
      return i18n.t("locationUnavailable");
  }
}

/**
 * The reassurance lines of the live view: seen by (responders' acknowledgements only), on the
 * way, emergency services, people watching, location, and what is wrong with camera or network.
 */
export function renderStatus(v: StatusView) {
  const { alert, media, i18n } = v;
  const onTheWay = alert?.acks.on_my_way ?? 0;
  return html`<ul part="status" class="status" aria-live="polite">
    <li class="reassure">${i18n.t("seenBy", { count: alert?.acks.seen ?? 0 })}</li>
    ${onTheWay ? html`<li>${i18n.t("onTheWay", { count: onTheWay })}</li>` : nothing}
    ${alert?.acks.called_emergency_services ? html`<li>${i18n.t("servicesCalled")}</li>` : nothing}
    <li class="muted">${i18n.t("watching", { count: alert?.viewerCount ?? 0 })}</li>
    <li class="muted">${locationText(v)}</li>
    ${media && (media.camera === "denied" || media.camera === "unavailable")
      ? html`<li class="notice">${i18n.t(media.camera === "denied" ? "cameraBlocked" : "cameraUnavailable")}</li>`
      : nothing}
    ${media?.path === "direct"
      ? html`<li class="notice">${i18n.t("directNotice")}</li>`
      : media?.connection === "reconnecting" || media?.connection === "poor"
        ? html`<li class="notice">${i18n.t("weakConnection")}</li>`
        : nothing}
  </ul>`;
}
