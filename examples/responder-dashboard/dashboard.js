// The only page logic a dashboard needs: when the dispatcher picks an alert (in the feed or on
// the map), point the viewer at it and highlight it everywhere.
const feed = document.querySelector("alert-feed");
const map = document.querySelector("alert-map");
const viewer = document.querySelector("alert-stream-viewer");

document.addEventListener("alert-select", (event) => {
  const { alertId } = event.detail;
  viewer.removeAttribute("latest");
  viewer.setAttribute("alert-id", alertId);
  feed.selected = alertId;
  map.selected = alertId;
});
