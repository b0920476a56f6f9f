// Issue 13: once the page is idle, the viewer's chunk fetches core, the Convex client and the media code, so
// a viewer appended later (a responder opening an alert) connects without first downloading them.
// Only the viewer's module is imported: nothing here makes a client or opens a connection.
import { expect } from "@open-wc/testing";
import "../src/alert-stream-viewer/alert-stream-viewer.js";

const loaded = (pattern: RegExp) => performance.getEntriesByType("resource").some((entry) => pattern.test(entry.name));

describe("<alert-stream-viewer> warm-up", function () {
  this.timeout(30_000);

  it("fetches core, the Convex client and livekit-client at idle, without connecting", async () => {
    const deadline = Date.now() + 20_000;
    while (!(loaded(/\/packages\/core\/src\/index\.ts/) && loaded(/\/convex\/dist\/esm\/browser\//) && loaded(/livekit-client/)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(loaded(/\/packages\/core\/src\/index\.ts/), "core fetched").to.equal(true);
    expect(loaded(/\/convex\/dist\/esm\/browser\//), "convex/browser fetched").to.equal(true);
    expect(loaded(/livekit-client/), "livekit-client fetched").to.equal(true);
    expect(loaded(/^wss?:/), "no socket opened").to.equal(false);
  });
});
