// The backend goes down while an alert is `starting` and comes back: the press still makes
// exactly one alert (the queued/retried alerts:start carries one clientRequestId).
import { expect } from "@open-wc/testing";
import type { AlertSummary } from "../../src/index.js";
import { closeAll, newClient, rawConvex, SITE, startBackend, stopBackend, trackPageErrors, waitFor } from "./helpers.js";

describe("backend restart during starting", function () {
  this.timeout(60_000);
  const pageErrors = trackPageErrors();

  after(async () => {
    pageErrors.stop();
    await startBackend();
    closeAll();
  });

  it("gives exactly one alert", async () => {
    const client = await newClient();
    // Connect first, so the stop interrupts a live connection as it would on a phone.
    await waitFor(client.site(), (s) => s.status === "ready", "site loaded");
    const convex = await rawConvex();
    const before = ((await convex.query("alerts:active" as never, { site: SITE } as never)) as AlertSummary[]).map((a) => a.alertId);

    const stopping = stopBackend();
    const session = client.startAlert({ video: false, audio: false, location: false, category: "restart-test" });
    expect(session.state.get().name).to.equal("starting");
    await stopping;
    await waitFor(client.connection, (c) => c !== "connected", "client notices the backend is gone", 30_000);
    // Still starting: the alert waits for the backend, it does not fail.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(session.state.get().name).to.equal("starting");

    await startBackend();
    const live = await waitFor(session.state, (s) => s.name === "live" || s.name === "error", "live after restart", 45_000);
    expect(live.name, JSON.stringify(live)).to.equal("live");
    const alertId = session.alertId.get();

    const after = ((await convex.query("alerts:active" as never, { site: SITE } as never)) as AlertSummary[]).filter(
      (a) => !before.includes(a.alertId) && a.category === "restart-test",
    );
    expect(after.map((a) => a.alertId)).to.deep.equal([alertId]);
    await session.end("test done");
    expect(session.state.get().name).to.equal("ended");
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
