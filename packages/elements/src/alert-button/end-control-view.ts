import { html } from "lit";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";
import type { EndConfirmation } from "./end-confirmation.js";

export interface EndControlView {
  ending: EndConfirmation;
  /** Ending is possible (the alert is starting or live, not already ending). */
  canEnd: boolean;
  i18n: LocalizeController;
}

/** "End alert", which asks first: an `alertdialog` whose safe choice keeps the alert on. */
export function renderEndControl(v: EndControlView) {
  const { i18n, ending } = v;
  return ending.open
    ? html`<div part="confirm" class="confirm" role="alertdialog" aria-labelledby="confirm-q">
        <p id="confirm-q">${i18n.t("confirmEnd")}</p>
        <div class="row">
          <button part="confirm-cancel" class="action" type="button" @click=${ending.keep}>${i18n.t("keepAlertOn")}</button>
          <button part="confirm-end" class="action action--danger" type="button" @click=${ending.confirm}>${i18n.t("endAlert")}</button>
        </div>
      </div>`
    : html`<button part="end-button" class="action" type="button" ?disabled=${!v.canEnd} @click=${ending.ask}>${i18n.t("endAlert")}</button>`;
}
