// Two viewers of one responder (same viewer id, e.g. two dashboard tabs) watch the same alert at
// once: each joins LiveKit under its own identity, so neither evicts the other. With one identity
// per viewer, the SFU replaced one connection with the other and they took turns dropping.
import { expect } from "@open-wc/testing";
import { MEDIA_WAIT_MS, closeAll, newClient, trackPageErrors, videoElement, waitFor } from "./helpers.js";

describe("one LiveKit identity per viewing session", function () {
  this.timeout(120_000);
  const pageErrors = trackPageErrors();
  after(() => {
    pageErrors.stop();
    closeAll();
  });

  it("two sessions with the same viewer id stay live side by side", async () => {
    const client = await newClient();
    const session = client.startAlert({ audio: false, location: false, record: false, category: "two-tabs" });
    await waitFor(session.media, (m) => m.connection === "connected", "broadcaster connected", MEDIA_WAIT_MS);
    const alertId = session.alertId.get() ?? "";
    const tabA = (await newClient()).watch(alertId, { viewerId: "same-responder" });
    const tabB = (await newClient()).watch(alertId, { viewerId: "same-responder" });
    const videoA = videoElement();
    const videoB = videoElement();
    tabA.attach(videoA);
    tabB.attach(videoB);
    await waitFor(tabA.state, (s) => s.name === "live", "tab A live", MEDIA_WAIT_MS);
    await waitFor(tabB.state, (s) => s.name === "live", "tab B live", MEDIA_WAIT_MS);

    // Both stay live: no drop, no reconnect, for several seconds.
    const left: string[] = [];
    const stopA = tabA.state.subscribe((s) => s.name !== "live" && left.push(`A:${s.name}`));
    const stopB = tabB.state.subscribe((s) => s.name !== "live" && left.push(`B:${s.name}`));
    await new Promise((r) => setTimeout(r, 8_000));
    stopA();
    stopB();
    expect(left).to.deep.equal([]);
    expect(tabA.stream.get()?.getVideoTracks().length).to.equal(1);
    expect(tabB.stream.get()?.getVideoTracks().length).to.equal(1);

    tabA.close();
    tabB.close();
    videoA.remove();
    videoB.remove();
    await session.end("test done");
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
