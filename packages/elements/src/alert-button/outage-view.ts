import { html, nothing } from "lit";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";

/** The fallback number as a `tel:` URL, or null when absent or not a phone number. */
export function fallbackHref(fallbackTel: string | undefined): string | null {
  const number = (fallbackTel ?? "").replace(/[\s().-]/g, "");
  return /^\+?[0-9*#]{2,20}$/.test(number) ? `tel:${number}` : null;
}

export interface OutageView {
  /** The alert service cannot be reached. */
  unreachable: boolean;
  /** A press was made and is queued (the live view), or not yet (the idle button). */
  pressed: boolean;
  fallbackTel: string | undefined;
  i18n: LocalizeController;
}

/**
 * The notice shown beside the button (never instead of it) while the alert service cannot be
 * reached, with the `fallback-tel` number as a link. Part of the entry: an outage is exactly when
 * a later chunk may not arrive.
 */
export function renderOutage(v: OutageView) {
  if (!v.unreachable) return nothing;
  const href = fallbackHref(v.fallbackTel);
  return html`<div part="outage" class="hint" role="status">
    <p>${v.i18n.t(v.pressed ? "outageQueued" : "outageIdle")}</p>
    ${href ? html`<a part="fallback" class="action" href=${href}>${v.i18n.t("callFallback", { tel: v.fallbackTel ?? "" })}</a>` : nothing}
  </div>`;
}
