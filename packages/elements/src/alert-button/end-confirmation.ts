import type { ReactiveControllerHost } from "lit";
import type { FocusController } from "./focus-controller.js";

/**
 * "End alert" asks first: the open/closed confirmation and its three actions. Opening moves focus
 * to the safe choice ("Keep alert on"); keeping the alert returns focus to "End alert".
 */
export class EndConfirmation {
  /** The confirmation is showing. */
  open = false;

  readonly ask: () => void;
  readonly keep: () => void;
  readonly confirm: () => void;

  constructor(
    host: ReactiveControllerHost,
    focus: FocusController,
    /** Ends the alert (never rejects). */
    end: () => Promise<void>,
    /** Wraps the actions so nothing they throw reaches the host page. */
    guard: (fn: () => unknown) => () => void,
  ) {
    const set = (open: boolean) => {
      this.open = open;
      host.requestUpdate();
    };
    this.ask = guard(() => {
      set(true);
      focus.focusAfterUpdate("confirm-cancel");
    });
    this.keep = guard(() => {
      set(false);
      focus.focusAfterUpdate("end-button");
    });
    this.confirm = guard(() => {
      set(false);
      return end();
    });
  }

  /** Closes it without acting (a new alert, or back to idle). */
  reset(): void {
    this.open = false;
  }
}
