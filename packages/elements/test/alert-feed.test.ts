import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { AlertFeed } from "../src/index.js";
import { SITE, endAlert, inner, nextEvent, stack, startLiveAlert, until, untilState } from "./helpers.js";

describe("<alert-feed>", () => {
  afterEach(() => fixtureCleanup());

  it("reports a missing convex-url in place", async () => {
    const error = nextEvent<CustomEvent>(document, "alert-error");
    const el = await fixture<AlertFeed>(html`<alert-feed site=${SITE}></alert-feed>`);
    expect((await error).detail.code).to.equal("config/missing-convex-url");
    expect(el.getAttribute("state")).to.equal("error");
    expect(inner(el, "[part~='error']")!.textContent).to.contain("convex-url");
  });

  it("goes loading → ready, lists a new alert first, announces it and fires alert-select", async () => {
    const { convexUrl } = await stack();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const feed = document.createElement("alert-feed") as AlertFeed;
    feed.setAttribute("convex-url", convexUrl);
    feed.setAttribute("site", SITE);
    const states: string[] = [];
    new MutationObserver(() => states.push(feed.getAttribute("state")!)).observe(feed, { attributes: true });
    container.append(feed);
    await untilState(feed, "ready");
    expect(states[0]).to.equal("loading");
    await expect(feed).to.be.accessible();

    const { button, alertId } = await startLiveAlert(container, { category: "medical", discreet: "" });
    // Discreet: a minimal live view without the camera preview (the camera still streams).
    expect(inner(button, "[part~='preview']")).to.equal(null);
    expect(inner(button, "[part~='panel']")!.classList.contains("panel--discreet")).to.equal(true);
    const item = await until(
      () => inner<HTMLButtonElement>(feed, `[part~='item'][data-alert-id='${alertId}']`),
      "the new alert in the feed",
    );
    // Newest first: the alert just raised heads the list.
    expect(inner(feed, "[part~='item']")!.dataset["alertId"]).to.equal(alertId);
    expect(item.textContent).to.contain("Medical");
    expect(item.textContent).to.contain("just now");
    expect(item.textContent).to.match(/0 seen/);
    const live = inner(feed, "[aria-live='polite']")!;
    expect(live.textContent).to.contain("New Medical alert");
    await expect(feed).to.be.accessible();

    const selected = nextEvent<CustomEvent>(feed, "alert-select");
    item.click();
    expect((await selected).detail.alertId).to.equal(alertId);
    feed.selected = alertId;
    await until(() => item.getAttribute("aria-current") === "true", "selected item marked");

    await endAlert(button);
    await until(() => !inner(feed, `[data-alert-id='${alertId}']`), "ended alert leaves the feed");
  });
});
