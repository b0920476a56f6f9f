// Registers <alert-provider>, <alert-button>, <alert-stream-viewer>, <alert-map> and <alert-feed>.
// Vite splits livekit-client, convex and Leaflet into chunks the elements load on demand.
import "@alertrun/elements/define";

// Follow the alert the responder picks in the feed.
document.addEventListener("alert-select", (event) => {
  const viewer = document.querySelector("alert-stream-viewer");
  viewer.removeAttribute("latest");
  viewer.setAttribute("alert-id", event.detail.alertId);
  document.querySelector("alert-feed").selected = event.detail.alertId;
});
