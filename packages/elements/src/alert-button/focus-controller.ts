import type { ReactiveController, ReactiveElement } from "lit";

/** The views of the button, as far as focus is concerned, and the part that takes focus in each. */
const FOCUS_TARGET = {
  idle: "button",
  live: "panel",
  ended: "reset-button",
  error: "error",
} as const;

type FocusView = keyof typeof FOCUS_TARGET;

/** The view a button state shows. */
const viewOf = (state: string): FocusView =>
  state === "starting" || state === "live" || state === "ending" ? "live" : state === "ended" || state === "error" ? state : "idle";

/**
 * Keyboard and screen-reader users must not be left on a removed control when the view changes:
 * focus follows to the live panel, to "Done" when the alert ends, to the error, back to the button.
 * It only moves when focus was inside the element and the render took it away, so a person
 * reading elsewhere on the page is never pulled back.
 */
export class FocusController implements ReactiveController {
  private wasInside = false;
  private lastKey: string | null = null;

  /**
   * `state` is the host's reflected state; `variant` tells apart two renderings of one view (the
   * pending panel and the live panel once its code arrived), so a re-rendered view keeps focus too.
   */
  constructor(
    private readonly host: ReactiveElement & { state: string },
    private readonly variant: () => string,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    // Whether focus was inside before this render replaces the view.
    this.wasInside = !!this.host.shadowRoot?.activeElement;
  }

  hostUpdated(): void {
    const view = viewOf(this.host.state);
    const key = `${view}:${this.variant()}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    if (!this.wasInside || this.host.shadowRoot?.activeElement) return;
    this.focus(FOCUS_TARGET[view]);
  }

  /** Focuses a part once the pending render is done (e.g. the confirmation's safe choice). */
  focusAfterUpdate(part: string): void {
    void this.host.updateComplete.then(() => this.focus(part));
  }

  private focus(part: string): void {
    this.host.renderRoot.querySelector<HTMLElement>(`[part~='${part}']`)?.focus();
  }
}
