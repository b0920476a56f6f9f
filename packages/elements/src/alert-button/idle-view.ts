import { html, svg } from "lit";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";
import type { HoldController } from "./hold-controller.js";

const RING_RADIUS = 46;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

export interface IdleView {
  /** How long to hold, in milliseconds. */
  hold: number;
  /** The gesture: its handlers go on the button, its progress closes the ring. */
  gesture: HoldController;
  /** The outage notice (see outage-view.ts), or nothing. */
  outage: unknown;
  i18n: LocalizeController;
}

/**
 * The idle and holding button: a native `<button>` described by its instruction, with the
 * progress ring. Part of the entry chunk, so it renders and holds without any network.
 */
export function renderIdle({ hold, gesture, outage, i18n }: IdleView) {
  const seconds = Math.round(hold / 100) / 10;
  const offset = RING_LENGTH * (1 - gesture.progress);
  return html`<button
      part="button"
      class="hold"
      type="button"
      aria-describedby="hint"
      @pointerdown=${gesture.onPointerDown}
      @pointerup=${gesture.onPointerUp}
      @pointercancel=${gesture.onPointerUp}
      @lostpointercapture=${gesture.onPointerUp}
      @keydown=${gesture.onKeyDown}
      @keyup=${gesture.onKeyUp}
      @blur=${gesture.onPointerUp}
      @contextmenu=${gesture.onContextMenu}
    >
      ${svg`<svg part="ring" class="ring" viewBox="0 0 100 100" aria-hidden="true">
        <circle class="ring-track" cx="50" cy="50" r=${RING_RADIUS}></circle>
        <circle class="ring-progress" cx="50" cy="50" r=${RING_RADIUS}
          stroke-dasharray=${RING_LENGTH} stroke-dashoffset=${offset}
          visibility=${gesture.progress > 0 ? "visible" : "hidden"}></circle>
      </svg>`}
      <span class="label"><slot>${i18n.t("holdLabel")}</slot></span>
    </button>
    <p id="hint" part="hint" class="hint">${hold > 0 ? i18n.t("holdHint", { count: seconds }) : i18n.t("pressHint")}</p>
    ${outage}`;
}
