import type { ReactiveController, ReactiveElement } from "lit";

/** The views of the button, as far as focus is concerned, and the part that takes focus in each. */
const FOCUS_TARGET = {
  idle: "button",
  live: "panel",
  ended: "reset-button",
  error: "error",
} as const;

export type FocusView = keyof typeof FOCUS_TARGET;

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
   * `view` names what is shown: the view and, after a colon, a variant (`live:pending` while the
   * live view's code loads), so a re-rendered view keeps focus too.
   */
  constructor(
    private readonly host: ReactiveElement,
    private readonly view: () => `${FocusView}` | `${FocusView}:${string}`,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    // Whether focus was inside before this render replaces the view.
    this.wasInside = !!this.host.shadowRoot?.activeElement;
  }

  hostUpdated(): void {
    const key = this.view();
    if (key === this.lastKey) return;
    this.lastKey = key;
    if (!this.wasInside || this.host.shadowRoot?.activeElement) return;
    this.focus(FOCUS_TARGET[key.split(":")[0] as FocusView]);
  }

  /** Focuses a part once the pending render is done (e.g. the confirmation's safe choice). */
  focusAfterUpdate(part: string): void {
    void this.host.updateComplete.then(() => this.focus(part));
  }

  private focus(part: string): void {
    this.host.renderRoot.querySelector<HTMLElement>(`[part~='${part}']`)?.focus();
  }
}
