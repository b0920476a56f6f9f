// The media server drops every connection (as on a network change) and comes back: the broadcaster
// shows reconnecting and recovers, the viewer shows reconnecting and gets a picture again. The
// alert itself is untouched.
import { expect } from "@open-wc/testing";
import { MEDIA_WAIT_MS, closeAll, eventually, framesDiffer, grabFrame, newClient, restartSfu, trackPageErrors, videoElement, waitFor } from "./helpers.js";

describe("media reconnection", function () {
  this.timeout(150_000);
  const pageErrors = trackPageErrors();
  after(() => {
    pageErrors.stop();
    closeAll();
  });

  it("shows reconnecting on both sides and recovers", async () => {
    const client = await newClient();
    const session = client.startAlert({ audio: false, location: false, record: false, category: "reconnect-test" });
    await waitFor(session.media, (m) => m.connection === "connected", "broadcaster connected", MEDIA_WAIT_MS);
    const viewer = client.watch(session.alertId.get() ?? "");
    const video = videoElement();
    viewer.attach(video);
    await waitFor(viewer.state, (s) => s.name === "live", "viewer live", MEDIA_WAIT_MS);

    const broadcasterSaw: string[] = [];
    const viewerSaw: string[] = [];
    session.media.subscribe((m) => broadcasterSaw.push(m.connection));
    viewer.state.subscribe((s) => viewerSaw.push(s.name));
    await restartSfu(1_000);

    await waitFor(session.media, (m) => m.connection === "reconnecting", "broadcaster reconnecting", 15_000);
    await waitFor(viewer.state, (s) => s.name !== "live", "viewer leaves live", 15_000);
    await waitFor(session.media, (m) => m.connection === "connected", "broadcaster reconnected", MEDIA_WAIT_MS);
    await waitFor(viewer.state, (s) => s.name === "live", "viewer live again", MEDIA_WAIT_MS);
    expect(broadcasterSaw).to.include("reconnecting");
    expect(viewerSaw.some((s) => s === "reconnecting" || s === "waiting" || s === "connecting")).to.equal(true);
    expect(session.state.get().name).to.equal("live");

    await eventually(async () => (video.videoWidth > 0 ? true : undefined), "decoded video after reconnect", 15_000);
    const first = grabFrame(video);
    await eventually(async () => (framesDiffer(first, grabFrame(video)) ? true : undefined), "frames after reconnect", 10_000, 200);

    viewer.close();
    video.remove();
    await session.end("test done");
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
