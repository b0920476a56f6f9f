// A page that only shows a feed never downloads livekit-client, and one that only constructs a
// client downloads neither it nor convex/browser (the CDN entry chunk stays small).
import { expect } from "@open-wc/testing";
import { AlertRunClient } from "../../src/index.js";
import { stack, SITE, waitFor } from "./helpers.js";

const loaded = (pattern: RegExp): number => performance.getEntriesByType("resource").filter((e) => pattern.test(e.name)).length;
const CONVEX = /\/convex\/dist\/esm\/browser\//;
const LIVEKIT = /livekit-client/;

describe("lazy loading", function () {
  this.timeout(30_000);

  it("loads convex/browser on first use and livekit-client only for media", async () => {
    const { convexUrl } = await stack();
    const client = new AlertRunClient({ convexUrl, site: SITE });
    await new Promise((r) => setTimeout(r, 200));
    expect(loaded(CONVEX), "convex before use").to.equal(0);
    expect(loaded(LIVEKIT), "livekit before use").to.equal(0);

    const feed = client.activeAlerts();
    await waitFor(feed, (f) => f.status === "ready", "feed ready");
    expect(loaded(CONVEX), "convex after a feed").to.be.greaterThan(0);
    expect(loaded(LIVEKIT), "livekit after a feed").to.equal(0);

    await Promise.all([client.prefetchMedia(), client.prefetchMedia()]);
    await client.prefetchMedia();
    expect(loaded(LIVEKIT), "livekit after prefetch").to.equal(1);
    feed.dispose();
    client.close();
  });
});
