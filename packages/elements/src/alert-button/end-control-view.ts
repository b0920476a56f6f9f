import { html } from "lit";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";

export interface EndControlView {
  /** The confirmation is open. */
  confirming: boolean;
  /** Ending is possible (the alert is starting or live, not already ending). */
  canEnd: boolean;
  askEnd: () => void;
  keepGoing: () => void;
  confirmEnd: () => void;
  i18n: LocalizeController;
}

/** "End alert", which asks first: an `alertdialog` whose safe choice keeps the alert on. */
export function renderEndControl(v: EndControlView) {
  const { i18n } = v;
  return v.confirming
    ? html`<div part="confirm" class="confirm" role="alertdialog" aria-labelledby="confirm-q">
        <p id="confirm-q">${i18n.t("confirmEnd")}</p>
        <div class="row">
          <button part="confirm-cancel" class="action" type="button" @click=${v.keepGoing}>${i18n.t("keepAlertOn")}</button>
          <button part="confirm-end" class="action action--danger" type="button" @click=${v.confirmEnd}>${i18n.t("endAlert")}</button>
        </div>
      </div>`
    : html`<button part="end-button" class="action" type="button" ?disabled=${!v.canEnd} @click=${v.askEnd}>${i18n.t("endAlert")}</button>`;
}
