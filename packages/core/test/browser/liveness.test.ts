// Runs in the "camera-denied" group: the camera is really refused, the microphone and location
// are turned off by options. Nothing the page sends but its heartbeat says the reporter is there;
// with a 10 s silence timeout the alert must stay live while the page is open and end once it
// closes. (Before heartbeats, the silence cron ended such an alert as "broadcaster-silent".)
import { expect } from "@open-wc/testing";
import { AlertRunClient, type AlertSummary } from "../../src/index.js";
import { closeAll, rawConvex, runFunction, stack, trackPageErrors, waitFor } from "./helpers.js";

const SITE = "quick-silence";
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("liveness of a quiet reporter", function () {
  this.timeout(120_000);
  const pageErrors = trackPageErrors();
  after(() => {
    pageErrors.stop();
    closeAll();
  });

  it("stays live while the page is open with camera, microphone and location off, and ends after it closes", async () => {
    await runFunction("sites:upsert", { site: SITE, name: "Quick silence", audience: "public", allowAnonymous: true, retentionDays: 1, silenceTimeoutSec: 10 });
    const { convexUrl } = await stack();
    const client = new AlertRunClient({ convexUrl, site: SITE });
    const session = client.startAlert({ audio: false, location: false, record: false, category: "liveness" });
    await waitFor(session.state, (s) => s.name === "live", "live");
    const media = await waitFor(session.media, (m) => m.camera !== "pending", "media settled");
    expect(media.mode).to.equal("location-only");
    const alertId = session.alertId.get() ?? "";
    const convex = await rawConvex();
    const read = async (): Promise<AlertSummary | null> =>
      (await convex.query("alerts:get" as never, { alertId } as never)) as AlertSummary | null;

    // Two silence timeouts pass, each followed by a sweep: the heartbeat keeps the alert open.
    for (let round = 0; round < 2; round++) {
      await sleep(12_000);
      await runFunction("heartbeat:endStale");
      const alert = await read();
      expect(alert?.status, `round ${round}`).to.equal("active");
      expect(alert?.reporterOnline).to.equal(true);
    }
    expect(session.state.get().name).to.equal("live");

    // The page goes away (no alerts:end): the beats stop and the silence timeout runs out.
    client.close();
    await sleep(12_000);
    await runFunction("heartbeat:endStale");
    const ended = await read();
    expect(ended?.status).to.equal("ended");
    expect(ended?.endReason).to.equal("broadcaster-silent");
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
