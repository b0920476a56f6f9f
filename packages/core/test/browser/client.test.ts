// The client's edges: bad configuration never throws into the page, feeds and "latest" follow the
// backend, and media is loaded lazily.
import { expect } from "@open-wc/testing";
import { AlertRunClient } from "../../src/index.js";
import { closeAll, newClient, rawConvex, SITE, trackPageErrors, waitFor } from "./helpers.js";

describe("AlertRunClient", function () {
  this.timeout(60_000);
  const pageErrors = trackPageErrors();
  after(() => {
    pageErrors.stop();
    closeAll();
  });

  it("reports bad configuration in state instead of throwing", async () => {
    const missing = new AlertRunClient({ convexUrl: "", site: "demo" });
    expect(missing.configError?.code).to.equal("config/missing-convex-url");
    const invalid = new AlertRunClient({ convexUrl: "not a url", site: "demo" });
    expect(invalid.configError?.code).to.equal("config/invalid-url");
    const noSite = new AlertRunClient({ convexUrl: "http://127.0.0.1:1", site: "" });
    expect(noSite.configError?.code).to.equal("config/missing-site");
    const session = invalid.startAlert();
    expect(session.state.get()).to.deep.include({ name: "error" });
    expect(session.state.get().error?.code).to.equal("config/invalid-url");
    await session.end();
    const feed = invalid.activeAlerts();
    expect(feed.get()).to.deep.include({ status: "error" });
    const viewer = invalid.watch("latest");
    expect(viewer.state.get().name).to.equal("error");
    for (const c of [missing, invalid, noSite]) c.close();
  });

  it("surfaces an unknown site as a typed error", async () => {
    const client = await newClient();
    const site = await waitFor(client.site(), (s) => s.status !== "loading", "site");
    expect(site.status).to.equal("ready");
    const { convexUrl } = client.options;
    const unknown = new AlertRunClient({ convexUrl, site: "no-such-site" });
    const session = unknown.startAlert({ video: false, audio: false, location: false });
    const failed = await waitFor(session.state, (s) => s.name === "error", "start refused");
    expect(failed.error?.code).to.equal("backend/site/not-found");
    unknown.close();
  });

  it("shows connection state and the active alerts feed", async () => {
    const client = await newClient();
    const feed = client.activeAlerts();
    await waitFor(client.connection, (c) => c === "connected", "connected");
    const session = client.startAlert({ video: false, audio: false, location: false, category: "feed-test" });
    await waitFor(session.state, (s) => s.name === "live", "live");
    const id = session.alertId.get();
    const listed = await waitFor(feed, (f) => f.status === "ready" && f.value.some((a) => a.alertId === id), "alert in feed");
    expect(listed.status === "ready" && listed.value[0]?.alertId).to.equal(id); // newest first
    await session.end("done");
    await waitFor(feed, (f) => f.status === "ready" && !f.value.some((a) => a.alertId === id), "alert left the feed");
    feed.dispose();
  });

  it('watch("latest") follows the newest active alert', async () => {
    const client = await newClient();
    const viewer = client.watch("latest");
    const first = client.startAlert({ video: false, audio: false, location: false, category: "latest-a" });
    await waitFor(first.state, (s) => s.name === "live", "first live");
    await waitFor(viewer.alertId, (id) => id === first.alertId.get(), "viewer follows the first alert");
    // A second press on this page would return the first alert: the newer one is someone else's.
    const convex = await rawConvex();
    const second = (await convex.mutation("alerts:start" as never, { site: SITE, clientRequestId: `latest-b-${Date.now()}-0123456789`, category: "latest-b" } as never)) as {
      alertId: string;
      ownerKey: string;
    };
    await waitFor(viewer.alertId, (id) => id === second.alertId, "viewer moves to the newer alert");
    expect(viewer.state.get().name).to.equal("waiting"); // no stream: location-only alert
    await convex.mutation("alerts:end" as never, { ...second, reason: "done" } as never);
    await first.end("done");
    viewer.close();
  });

  it("prefetchMedia() is idempotent and loads livekit-client once", async () => {
    const client = await newClient();
    const a = client.prefetchMedia();
    const b = client.prefetchMedia();
    await Promise.all([a, b]);
    const loaded = performance.getEntriesByType("resource").filter((e) => /livekit-client/.test(e.name));
    expect(loaded.length).to.be.at.most(1);
  });

  it("let no error escape into the page", () => {
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
