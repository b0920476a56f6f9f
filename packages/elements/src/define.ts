/**
 * Registers every AlertRun element under its standard tag. Safe to import twice, or next to
 * another copy of AlertRun: a tag that is already taken is left alone (with a warning when the
 * versions differ).
 */
import { AlertProvider } from "./alert-provider/alert-provider.js";
import { AlertButton } from "./alert-button/alert-button.js";
import { AlertStreamViewer } from "./alert-stream-viewer/alert-stream-viewer.js";
import { AlertMap } from "./alert-map/alert-map.js";
import { AlertFeed } from "./alert-feed/alert-feed.js";

export * from "./index.js";

// The provider first: children upgraded after it find its client at once.
AlertProvider.define("alert-provider");
AlertButton.define("alert-button");
AlertStreamViewer.define("alert-stream-viewer");
AlertMap.define("alert-map");
AlertFeed.define("alert-feed");

declare global {
  interface HTMLElementTagNameMap {
    "alert-provider": AlertProvider;
    "alert-button": AlertButton;
    "alert-stream-viewer": AlertStreamViewer;
    "alert-map": AlertMap;
    "alert-feed": AlertFeed;
  }
}
