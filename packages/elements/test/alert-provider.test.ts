import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { AlertProvider, type AlertFeed } from "../src/index.js";
import { SITE, inner, stack, until, untilState } from "./helpers.js";

describe("<alert-provider>", () => {
  afterEach(() => fixtureCleanup());

  it("gives its descendants one shared client", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertProvider>(html`
      <alert-provider convex-url=${convexUrl} site=${SITE}>
        <section><alert-feed></alert-feed></section>
        <alert-button></alert-button>
      </alert-provider>
    `);
    const feed = el.querySelector("alert-feed")!;
    await untilState(feed, "ready");
    await untilState(el.querySelector("alert-button")!, "idle");
    await until(() => el.activeClient, "provider client");
    expect(el.getAttribute("state")).to.equal("ready");
  });

  it("hands a configuration error down to its children", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertProvider>(html`
      <alert-provider convex-url=${convexUrl}><alert-feed></alert-feed></alert-provider>
    `);
    const feed = el.querySelector("alert-feed")!;
    await untilState(feed, "error");
    expect(inner(feed, "[part~='error']")!.textContent).to.contain("error code: config/missing-site".replace("error code", "Error code"));
    expect(el.getAttribute("state")).to.equal("error");
    el.setAttribute("site", SITE);
    await untilState(feed, "ready");
  });

  it("reaches children that upgraded before the provider", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<HTMLElement>(html`
      <late-alert-provider convex-url=${convexUrl} site=${SITE}><alert-feed></alert-feed></late-alert-provider>
    `);
    const feed = el.querySelector<AlertFeed>("alert-feed")!;
    await untilState(feed, "error"); // no client yet
    AlertProvider.define("late-alert-provider");
    await untilState(feed, "ready");
  });
});
