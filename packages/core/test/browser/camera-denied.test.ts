// Runs in the "camera-denied" group: the browser context grants microphone and geolocation but
// not the camera (and Chromium's fake-UI auto-accept is off), so getUserMedia really fails with
// NotAllowedError for the camera. The alert must still go out, audio-only, and say why.
import { expect } from "@open-wc/testing";
import { MEDIA_WAIT_MS, closeAll, newClient, rawConvex, trackPageErrors, waitFor } from "./helpers.js";

describe("camera denied", function () {
  this.timeout(120_000);
  const pageErrors = trackPageErrors();
  after(() => {
    pageErrors.stop();
    closeAll();
  });

  it("still sends the alert, audio-only, with the reason in state", async () => {
    const client = await newClient();
    const session = client.startAlert({ category: "camera-denied" });
    const live = await waitFor(session.state, (s) => s.name === "live" || s.name === "error", "live");
    expect(live.name, JSON.stringify(live)).to.equal("live");
    const media = await waitFor(session.media, (m) => m.camera !== "pending", "media settled");
    expect(media.camera).to.equal("denied");
    expect(media.microphone).to.equal("on");
    expect(media.mode).to.equal("audio");
    expect(session.preview.get()).to.equal(null);
    expect(session.lastError.get()?.code).to.equal("media/permission-denied");
    await waitFor(session.media, (m) => m.connection === "connected", "audio published", MEDIA_WAIT_MS);

    const viewer = client.watch(session.alertId.get() ?? "");
    const stream = await waitFor(viewer.stream, (s) => !!s && s.getAudioTracks().length > 0, "remote audio", MEDIA_WAIT_MS);
    expect(stream?.getVideoTracks().length).to.equal(0);

    const convex = await rawConvex();
    const alert = (await convex.query("alerts:get" as never, { alertId: session.alertId.get() } as never)) as { status: string } | null;
    expect(alert?.status).to.equal("active");
    viewer.close();
    await session.end("test done");
    expect(session.state.get().name).to.equal("ended");
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });

  it("goes location-only when the microphone is refused too", async () => {
    const client = await newClient();
    // The microphone is granted in this context; refusing it is requested through the options.
    const session = client.startAlert({ audio: false, category: "camera-denied" });
    await waitFor(session.state, (s) => s.name === "live", "live");
    const media = await waitFor(session.media, (m) => m.camera !== "pending", "media settled");
    expect(media).to.deep.include({ camera: "denied", microphone: "off", mode: "location-only" });
    await session.end("test done");
  });
});
