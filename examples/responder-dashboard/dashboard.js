// The only page logic a dashboard needs.
//
// 1. Sign in. Only responders may acknowledge alerts and chat as a responder; everyone else the
//    site admits is a viewer. A real dashboard gets a JWT with a `role: "responder"` claim (or a
//    listing in the site's responders table) from its identity provider; this demo asks the dev
//    backend for one (`POST <convex-url>/dev/token`, development only). The provider calls `auth`
//    whenever the Convex client needs a token, so this runs before the elements connect (this
//    script is loaded before the AlertRun bundle).
// 2. When the dispatcher picks an alert (in the feed or on the map), point the viewer at it and
//    highlight it everywhere.
const provider = document.querySelector("alert-provider");
const feed = document.querySelector("alert-feed");
const map = document.querySelector("alert-map");
const viewer = document.querySelector("alert-stream-viewer");
const who = document.querySelector("[data-signed-in]");

const OFFICER = { subject: "officer-reyes", name: "Officer Reyes", role: "responder" };

provider.auth = async () => {
  try {
    const response = await fetch(`${provider.getAttribute("convex-url")}/dev/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(OFFICER),
    });
    if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
    const { token } = await response.json();
    who.textContent = `${OFFICER.name} (responder)`;
    return token;
  } catch {
    // Signed out: the elements still show what a viewer may see, without responder actions.
    who.textContent = "nobody (viewer only)";
    return null;
  }
};

document.addEventListener("alert-select", (event) => {
  const { alertId } = event.detail;
  viewer.removeAttribute("latest");
  viewer.setAttribute("alert-id", alertId);
  feed.selected = alertId;
  map.selected = alertId;
});
