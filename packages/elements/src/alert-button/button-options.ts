import type { StartAlertOptions } from "@alertrun/core";
import { categoryProblem } from "@alertrun/contract/client-rules";
import type { AlertErrorDetail } from "../events.js";

/** The longest hold the `hold` attribute accepts, in milliseconds. */
export const MAX_HOLD_MS = 10_000;

/** The attributes that decide what a press sends. */
export interface ButtonOptions {
  hold: number;
  category?: string;
  noVideo: boolean;
  noAudio: boolean;
  noLocation: boolean;
}

/**
 * The first bad attribute, or null. `holdAttribute` is the attribute as written, for the message.
 * The category uses the contract's rule, so a bad one is refused here rather than by
 * `alerts:start` after the person has held the button.
 */
export function buttonOptionsProblem(o: ButtonOptions, holdAttribute: string | null): AlertErrorDetail | null {
  const hold = Number(o.hold);
  if (!Number.isFinite(hold) || hold < 0 || hold > MAX_HOLD_MS) {
    return {
      code: "config/invalid-attribute",
      message: `hold="${holdAttribute ?? o.hold}" must be a number of milliseconds from 0 to ${MAX_HOLD_MS}.`,
    };
  }
  const problem = o.category != null ? categoryProblem(o.category) : null;
  return problem ? { code: "config/invalid-attribute", message: `category="${o.category}": ${problem.message}` } : null;
}

/** What core's `startAlert` / `holdAlert` are asked for. */
export function alertOptions(o: ButtonOptions): StartAlertOptions {
  return {
    ...(o.category ? { category: o.category } : {}),
    video: !o.noVideo,
    audio: !o.noAudio,
    location: !o.noLocation,
  };
}
