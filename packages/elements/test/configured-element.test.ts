// The configuration every backend-facing element shares (internal/configured-element.ts): the
// `convex-url`, `site` and `client` properties, the enclosing provider's client, and the
// preamble before `bind`. Probed through a minimal subclass against the real stack, so each rule
// is checked once here instead of once per element.
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import type { AlertProvider } from "../src/index.js";
import "./config-probe.js";
import type { ConfigProbe } from "./config-probe.js";
import { SITE, inner, nextEvent, stack, until, untilState } from "./helpers.js";

describe("ConfiguredElement (convex-url, site, client, provider)", () => {
  afterEach(() => fixtureCleanup());

  it("leases a client for its own convex-url and site, and a new one when either changes", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<ConfigProbe>(html`<config-probe convex-url=${convexUrl} site=${SITE}></config-probe>`);
    await untilState(el, "ready");
    const first = el.bound!;
    expect(first.options.site).to.equal(SITE);
    el.site = "other-site";
    const second = await until(() => el.bound !== first && el.bound, "a client for the new site");
    expect(second.options.site).to.equal("other-site");
    el.convexUrl = convexUrl.replace("127.0.0.1", "localhost");
    const third = await until(() => el.bound !== second && el.bound, "a client for the new convex-url");
    expect(third.options.convexUrl).to.equal(el.convexUrl);
  });

  it("shows an invalid site in place with its code and recovers when it is fixed", async () => {
    const { convexUrl } = await stack();
    const el = document.createElement("config-probe") as ConfigProbe;
    el.setAttribute("convex-url", convexUrl);
    el.setAttribute("site", "Not a site!");
    const error = nextEvent<CustomEvent<{ code: string }>>(el, "alert-error");
    document.body.append(el);
    try {
      expect((await error).detail.code).to.equal("config/invalid-site");
      await untilState(el, "error");
      expect(inner(el, "[part~='error']")!.textContent).to.contain("config/invalid-site");
      expect(el.seen.at(-1)).to.have.property("error");
      el.setAttribute("site", SITE);
      await untilState(el, "ready");
    } finally {
      el.remove();
    }
  });

  it("checks its own attributes first and takes no client while they are wrong", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<ConfigProbe>(html`<config-probe broken convex-url=${convexUrl} site=${SITE}></config-probe>`);
    await untilState(el, "error");
    expect(el.seen.some((r) => "client" in r || "pending" in r)).to.equal(false);
    el.broken = false;
    await untilState(el, "ready");
  });

  it("uses the provider's client when it has no attributes, and its own attributes over the provider", async () => {
    const { convexUrl } = await stack();
    const provider = await fixture<AlertProvider>(html`
      <alert-provider convex-url=${convexUrl} site=${SITE}>
        <config-probe id="inherits"></config-probe>
        <config-probe id="own" convex-url=${convexUrl} site="elsewhere"></config-probe>
      </alert-provider>
    `);
    const inherits = provider.querySelector<ConfigProbe>("#inherits")!;
    const own = provider.querySelector<ConfigProbe>("#own")!;
    await untilState(inherits, "ready");
    await untilState(own, "ready");
    expect(inherits.bound).to.equal(provider.activeClient);
    expect(own.bound!.options.site).to.equal("elsewhere");
    // A provider's configuration error reaches a child without attributes, in place.
    provider.removeAttribute("site");
    await untilState(inherits, "error");
    expect(inner(inherits, "[part~='error']")!.textContent).to.contain("config/missing-site");
    expect(own.getAttribute("state")).to.equal("ready");
  });

  it("prefers a client set by the page over the provider and the attributes", async () => {
    const { convexUrl } = await stack();
    const provider = await fixture<AlertProvider>(html`
      <alert-provider convex-url=${convexUrl} site=${SITE}><config-probe convex-url=${convexUrl} site="x"></config-probe></alert-provider>
    `);
    const probe = provider.querySelector<ConfigProbe>("config-probe")!;
    const pageClient = await until(() => provider.activeClient, "the provider's client");
    await untilState(probe, "ready");
    expect(probe.bound).to.not.equal(pageClient);
    probe.client = pageClient;
    await until(() => probe.bound === pageClient, "the page's client");
  });
});
