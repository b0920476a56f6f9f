/**
 * `@alertrun/elements`: the element classes, without registering them. Use
 * `@alertrun/elements/define` (or the `alertrun` CDN script) to register every element, or call
 * `AlertButton.define("my-tag")` yourself.
 */
export { AlertProvider } from "./alert-provider/alert-provider.js";
export { AlertButton, type AlertButtonState } from "./alert-button/alert-button.js";
export { AlertStreamViewer, type AlertStreamViewerState } from "./alert-stream-viewer/alert-stream-viewer.js";
export { AlertMap, type AlertMapState } from "./alert-map/alert-map.js";
export { AlertFeed, type AlertFeedState } from "./alert-feed/alert-feed.js";
export { AlertRunElement } from "./internal/alertrun-element.js";
export { StoreController } from "./internal/store-controller.js";
export { clientContext, type ClientSource } from "./internal/client-context.js";
export type { ElementErrorCode } from "./internal/errors.js";
export { VERSION } from "./internal/version.js";
export * from "./events.js";
export { setMessages, loadMessages } from "./internal/i18n/messages.js";
export type { Messages, MessageKey, MessageOverrides, PluralMessage } from "./internal/i18n/catalog.js";
