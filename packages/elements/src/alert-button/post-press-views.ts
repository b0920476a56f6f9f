/**
 * The button's views after a press (live panel with chat and end confirmation, ended notice):
 * one chunk of their own, so the CDN entry carries only the idle and holding button. It is
 * fetched while the page is idle and again as a press begins (see views-loader.ts), so the live
 * view is there when the hold completes.
 */
import { addEnglish } from "../internal/i18n/messages.js";
import { enReporter } from "../internal/i18n/en-reporter.js";

// The live view's English travels with it (see en-reporter.ts), registered before it can render.
addEnglish(enReporter);

export { renderLive, type LiveView } from "./live-view.js";
export { renderEnded, type EndedView } from "./ended-view.js";
