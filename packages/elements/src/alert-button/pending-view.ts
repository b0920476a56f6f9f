import { html, nothing } from "lit";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";
import { renderEndControl } from "./end-control-view.js";
import type { EndConfirmation } from "./end-confirmation.js";

export interface PendingView {
  state: "starting" | "live" | "ending" | "ended";
  /** The outage notice, or nothing. */
  outage: unknown;
  /** Back to the idle button (offered once the alert ended). */
  reset: () => void;
  /** "End alert" and its confirmation, as the live view offers them. */
  ending: EndConfirmation;
  i18n: LocalizeController;
}

/**
 * What a press shows until the live view's chunk arrives: the alert panel with its badge (the
 * alert itself is already on its way; events fire as usual) and "End alert". Normally never seen,
 * since the chunk loads during the hold; it matters when a press comes with no network for the
 * page's own files, and then the person can still end their alert.
 */
export function renderPending({ state, outage, reset, ending, i18n }: PendingView) {
  const badge = state === "live" ? "live" : state === "ending" ? "ending" : state === "ended" ? "alertEnded" : "creatingAlert";
  return html`<section part="panel" class="panel" aria-label=${i18n.t("yourAlert")} tabindex="-1">
    <div class="panel-header"><span part="badge" class="badge badge--pending">${i18n.t(badge)}</span></div>
    ${state === "starting" ? outage : nothing}
    ${state === "ended" ? nothing : renderEndControl({ ending, canEnd: state !== "ending", i18n })}
    ${state === "ended" ? html`<button part="reset-button" class="action" type="button" @click=${reset}>${i18n.t("done")}</button>` : nothing}
  </section>`;
}
