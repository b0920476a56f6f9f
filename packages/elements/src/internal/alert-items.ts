import { html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { AlertSummary } from "@alertrun/core";

/**
 * The list entries of `<alert-feed>` and `<alert-map>`: one `part="item"` button per alert, keyed
 * by id, carrying `data-alert-id` (and `data-lat`/`data-lng` when `withPosition`) and
 * `aria-current` on the selected one. `select` reads `data-alert-id` from the clicked button.
 */
export function alertItems(
  alerts: readonly AlertSummary[],
  selected: string | undefined,
  select: (event: Event) => void,
  content: (alert: AlertSummary) => unknown,
  withPosition = false,
) {
  return repeat(
    alerts,
    (a) => a.alertId,
    (a) => html`<li>
      <button
        part="item"
        class="item"
        type="button"
        data-alert-id=${a.alertId}
        data-lat=${withPosition && a.location ? String(a.location.lat) : nothing}
        data-lng=${withPosition && a.location ? String(a.location.lng) : nothing}
        aria-current=${selected === a.alertId ? "true" : nothing}
        @click=${select}
      >
        ${content(a)}
      </button>
    </li>`,
  );
}

/** The id in a clicked list entry's `data-alert-id`, for `alert-select`. */
export function clickedAlertId(event: Event): string | undefined {
  return (event.currentTarget as HTMLElement).dataset["alertId"];
}
