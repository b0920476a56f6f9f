// One lease implementation for <alert-provider> and every element (internal/client-lease.ts):
// a lease per configuration, retaken only when it changes, and the same resolution object while
// nothing changed (the provider hands it down as its context value as is).
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import type { AlertFeed, AlertProvider } from "../src/index.js";
import "./config-probe.js";
import type { ConfigProbe } from "./config-probe.js";
import { ClientLeaseHolder } from "../src/internal/client-lease.js";
import { SITE, stack, until, untilState } from "./helpers.js";

describe("ClientLeaseHolder", () => {
  it("resolves pending, then the client, and keeps one object until the configuration changes", async () => {
    const { convexUrl } = await stack();
    let changes = 0;
    const holder = new ClientLeaseHolder(() => changes++);
    try {
      const config = { convexUrl, site: "lease-test" };
      const first = holder.resolve(config);
      if ("client" in first) {
        // Core was loaded and the registry still held a client for this pair: no wait needed.
        expect(first.client.options.site).to.equal("lease-test");
      } else {
        expect(first).to.deep.equal({ pending: true });
        await until(() => changes > 0, "the lease's client");
      }
      const ready = holder.resolve(config);
      expect(ready).to.have.property("client");
      expect(holder.resolve({ ...config })).to.equal(ready);
      const moved = holder.resolve({ convexUrl, site: "lease-test-2" });
      if ("pending" in moved) await until(() => "client" in holder.resolve({ convexUrl, site: "lease-test-2" }), "the new client");
      const next = holder.resolve({ convexUrl, site: "lease-test-2" });
      expect("client" in next && "client" in ready && next.client !== ready.client).to.equal(true);
    } finally {
      holder.release();
    }
  });

  it("returns one error object for one bad configuration, and the page's client when given", async () => {
    const { convexUrl } = await stack();
    const holder = new ClientLeaseHolder(() => undefined);
    const bad = holder.resolve({ convexUrl, site: "Not a site!" });
    expect(bad).to.have.nested.property("error.code", "config/invalid-site");
    expect(holder.resolve({ convexUrl, site: "Not a site!" })).to.equal(bad);
    expect(holder.resolve({ convexUrl: undefined, site: SITE })).to.have.nested.property("error.code", "config/missing-convex-url");
    const own = { connection: null } as never;
    expect(holder.resolve({ own, convexUrl, site: SITE })).to.deep.equal({ client: own });
  });
});

describe("<alert-provider> lease", () => {
  afterEach(() => fixtureCleanup());

  it("shares the registry's client with an element configured alike, and follows its own changes", async () => {
    const { convexUrl } = await stack();
    const root = await fixture<HTMLElement>(html`<div>
      <alert-provider convex-url=${convexUrl} site=${SITE}><alert-feed id="inside"></alert-feed></alert-provider>
      <config-probe convex-url=${convexUrl} site=${SITE}></config-probe>
    </div>`);
    const provider = root.querySelector<AlertProvider>("alert-provider")!;
    await untilState(root.querySelector<AlertFeed>("#inside")!, "ready");
    const outside = root.querySelector<ConfigProbe>("config-probe")!;
    await untilState(outside, "ready");
    const shared = provider.activeClient!;
    // One WebSocket for both: the provider leases from the same registry as the elements.
    expect(outside.bound).to.equal(shared);
    provider.site = "provider-other";
    const moved = await until(() => provider.activeClient !== shared && provider.activeClient, "the provider's new client");
    expect(moved.options.site).to.equal("provider-other");
    provider.client = shared;
    await until(() => provider.activeClient === shared, "the page's client");
    provider.client = undefined;
    await until(() => provider.activeClient?.options.site === "provider-other", "back to the leased client");
  });
});
