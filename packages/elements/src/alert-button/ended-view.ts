import { html, nothing } from "lit";
import { reasonLabel } from "../internal/format.js";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";

export interface EndedView {
  /** Why the alert ended (a core or backend reason code). */
  reason: string | undefined;
  reset: () => void;
  i18n: LocalizeController;
}

/** After the alert ended: why, and "Done" back to the idle button. */
export function renderEnded({ reason, reset, i18n }: EndedView) {
  return html`<section part="panel" class="panel ended" aria-label=${i18n.t("yourAlert")}>
    <p><strong>${i18n.t("alertEnded")}</strong></p>
    ${reason ? html`<p class="muted">${reasonLabel(reason, i18n)}</p>` : nothing}
    <button part="reset-button" class="action" type="button" @click=${reset}>${i18n.t("done")}</button>
  </section>`;
}
