import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { resetMouse, sendMouse } from "@web/test-runner-commands";
import { AlertMap } from "../src/index.js";
import { FAKE_POSITION, SITE, endAlert, inner, nextEvent, stack, startLiveAlert, until, untilState } from "./helpers.js";

// A 2x2 PNG: the floor plan must not need the network.
const FLOOR_PLAN =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==";

describe("<alert-map>", () => {
  afterEach(async () => {
    fixtureCleanup();
    await resetMouse();
  });

  it("rejects bad tile-url and floor-plan-bounds in place", async () => {
    const { convexUrl } = await stack();
    for (const [attrs, needle] of [
      [{ "tile-url": "https://tiles.example/{z}.png" }, "tile-url"],
      [{ "floor-plan-url": FLOOR_PLAN, "floor-plan-bounds": "40,-74,oops,-73" }, "floor-plan-bounds"],
      [{ "floor-plan-url": FLOOR_PLAN }, "floor-plan-bounds"],
    ] as const) {
      const el = document.createElement("alert-map");
      el.setAttribute("convex-url", convexUrl);
      el.setAttribute("site", SITE);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      const error = nextEvent<CustomEvent>(el, "alert-error");
      document.body.append(el);
      expect((await error).detail.code).to.equal("config/invalid-attribute");
      expect(el.getAttribute("state")).to.equal("error");
      expect(inner(el, "[part~='error']")!.textContent).to.contain(needle);
      el.remove();
    }
  });

  it("loads Leaflet lazily, shows the alert at the device's position on a plain background, and selects", async () => {
    const { convexUrl } = await stack();
    const container = await fixture<HTMLDivElement>(html`<div style="width: 360px"></div>`);
    const map = document.createElement("alert-map") as AlertMap;
    map.setAttribute("convex-url", convexUrl);
    map.setAttribute("site", SITE);
    // Default OpenStreetMap tiles: the test browser resolves no external host, so they fail.
    map.setAttribute("floor-plan-url", FLOOR_PLAN);
    map.setAttribute("floor-plan-bounds", "40.7120,-74.0070,40.7136,-74.0050");
    container.append(map);
    await map.updateComplete;
    expect(map.getAttribute("state")).to.equal("loading");
    await untilState(map, "ready");
    // Leaflet's own CSS reached the shadow root.
    const pane = await until(() => inner(map, ".leaflet-map-pane"), "leaflet panes");
    expect(getComputedStyle(pane).position).to.equal("absolute");
    expect(inner(map, ".leaflet-image-layer"), "floor plan overlay").to.exist;

    const { button, alertId } = await startLiveAlert(container, { category: "security", "no-video": "", "no-audio": "" });
    // Location-only: no camera preview, the location is still shared.
    expect(inner(button, "[part~='preview']")).to.equal(null);
    const item = await until(
      () => inner<HTMLButtonElement>(map, `[part~='item'][data-alert-id='${alertId}']`),
      "the alert in the map's list",
      30_000,
    );
    expect(Number(item.dataset["lat"])).to.be.closeTo(FAKE_POSITION.lat, 0.0005);
    expect(Number(item.dataset["lng"])).to.be.closeTo(FAKE_POSITION.lng, 0.0005);
    expect(item.textContent).to.contain("Security");

    // Marker, accuracy circle and trail are vector paths: visible even without tiles.
    await until(() => map.shadowRoot!.querySelectorAll(".leaflet-overlay-pane path").length >= 2, "marker and accuracy circle");
    await until(() => map.tilesUnavailable, "tile failure noticed");
    expect(inner(map, "[part~='notice']")!.textContent).to.contain("tiles unavailable");
    expect(getComputedStyle(inner(map, ".frame")!).backgroundColor).to.not.equal("rgba(0, 0, 0, 0)");
    await expect(map).to.be.accessible();

    // Clicking the marker selects the alert.
    const marker = await until(
      () => [...map.shadowRoot!.querySelectorAll<SVGPathElement>(".leaflet-overlay-pane path.leaflet-interactive")].pop(),
      "interactive marker",
    );
    const box = marker.getBoundingClientRect();
    const selected = nextEvent<CustomEvent>(map, "alert-select");
    await sendMouse({ type: "click", position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    expect((await selected).detail.alertId).to.equal(alertId);

    // And so does the keyboard-reachable list.
    const again = nextEvent<CustomEvent>(map, "alert-select");
    item.click();
    expect((await again).detail.alertId).to.equal(alertId);

    await endAlert(button);
    await until(() => !inner(map, `[data-alert-id='${alertId}']`), "ended alert leaves the map");
  });
});
