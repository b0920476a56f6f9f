// One broadcast, seen by a responder, through every flow the issue lists: frames arrive,
// acknowledgements and chat go both ways, location and evidence segments reach the backend, and
// the end reaches the viewer. Real convex/browser and livekit-client against the dev stack.
import { expect } from "@open-wc/testing";
import type { AlertRunClient, AlertSession, ViewerSession } from "../../src/index.js";
import {
  closeAll,
  eventually,
  framesDiffer,
  grabFrame,
  newClient,
  newResponderClient,
  rawConvex,
  setGeolocation,
  trackPageErrors,
  videoElement,
  waitFor,
  MEDIA_WAIT_MS,
} from "./helpers.js";

describe("a broadcast watched by a responder", function () {
  this.timeout(120_000);
  let reporterClient: AlertRunClient;
  let responderClient: AlertRunClient;
  let session: AlertSession;
  let viewer: ViewerSession;
  let alertId: string;
  let video: HTMLVideoElement;
  const pageErrors = trackPageErrors();

  before(async () => {
    reporterClient = await newClient();
    responderClient = await newResponderClient("broadcast-responder");
  });

  after(async () => {
    pageErrors.stop();
    viewer?.close();
    await session?.end("test cleanup");
    video?.remove();
    closeAll();
  });

  it("goes live at once and publishes camera and microphone", async () => {
    const states: string[] = [];
    session = reporterClient.startAlert({ category: "medical" });
    session.state.subscribe((s) => states.push(s.name));
    const live = await waitFor(session.state, (s) => s.name === "live" || s.name === "error", "live");
    expect(live.name, JSON.stringify(live)).to.equal("live");
    alertId = session.alertId.get() ?? "";
    expect(alertId).to.not.equal("");
    // startAlert() is synchronous up to `starting`; nothing else comes between it and `live`.
    expect(states).to.deep.equal(["starting", "live"]);
    const media = await waitFor(session.media, (m) => m.connection === "connected", "media connected", MEDIA_WAIT_MS);
    expect(media.camera).to.equal("on");
    expect(media.microphone).to.equal("on");
    expect(media.mode).to.equal("video");
    expect(session.preview.get()?.getVideoTracks().length).to.equal(1);
  });

  it("is seen by a viewer session with frames arriving", async () => {
    viewer = responderClient.watch(alertId, { displayName: "Officer Test" });
    video = videoElement();
    viewer.attach(video);
    await waitFor(viewer.state, (s) => s.name === "live" || s.name === "error", "viewer live", MEDIA_WAIT_MS);
    expect(viewer.state.get().name, JSON.stringify(viewer.state.get())).to.equal("live");
    const stream = await waitFor(viewer.stream, (s) => !!s && s.getVideoTracks().length > 0, "remote video track", MEDIA_WAIT_MS);
    expect(stream?.getVideoTracks().length).to.equal(1);
    await waitFor(viewer.stream, (s) => !!s && s.getAudioTracks().length > 0, "remote audio track");
    await eventually(async () => (video.videoWidth > 0 ? true : undefined), "decoded video", 15_000);
    const first = grabFrame(video);
    const changed = await eventually(async () => (framesDiffer(first, grabFrame(video)) ? true : undefined), "a changing frame", 10_000, 200);
    expect(changed).to.equal(true);
    expect(video.videoHeight).to.be.greaterThan(0);
  });

  it("shows the broadcaster's connection quality to the viewer", async () => {
    // The SFU scores each participant's link (LiveKit does; the dev SFU from reported RTT on
    // loopback) and livekit-client raises ConnectionQualityChanged, which core maps into `quality`.
    const quality = await waitFor(viewer.quality, (q) => q !== "unknown", "a connection quality", 15_000);
    expect(["excellent", "good"]).to.include(quality);
  });

  it("delivers acknowledgements and the viewer count to the broadcaster", async () => {
    await viewer.acknowledge("seen");
    await viewer.acknowledge("on_my_way");
    expect([...viewer.myAcks.get()].sort()).to.deep.equal(["on_my_way", "seen"]);
    const alert = await waitFor(session.alert, (a) => !!a && a.acks.seen >= 1 && a.acks.on_my_way >= 1, "acks at the broadcaster");
    expect(alert?.acks.called_emergency_services).to.equal(0);
    await waitFor(session.alert, (a) => !!a && a.viewerCount >= 1, "viewer count at the broadcaster");
  });

  it("carries chat both ways", async () => {
    await viewer.sendMessage("Help is on the way");
    const atReporter = await waitFor(session.messages, (m) => m.some((x) => x.text === "Help is on the way"), "responder message");
    const fromResponder = atReporter.find((x) => x.text === "Help is on the way");
    expect(fromResponder?.author).to.equal("responder");
    expect(fromResponder?.displayName).to.equal("Officer Test");
    await session.sendMessage("  I am in room 204  ");
    const atViewer = await waitFor(viewer.messages, (m) => m.some((x) => x.text === "I am in room 204"), "reporter message");
    expect(atViewer.find((x) => x.text === "I am in room 204")?.author).to.equal("reporter");
    let refused: unknown;
    await viewer.sendMessage("   ").catch((e: unknown) => (refused = e));
    expect((refused as { code?: string }).code).to.equal("chat/invalid-message");
  });

  it("sends location updates, bounded, as the device moves", async () => {
    const location = await waitFor(session.location, (l) => l.status === "watching" && !!l.last, "first fix");
    expect(location.last?.lat).to.be.closeTo(40.7128, 1e-6);
    const alert = await waitFor(session.alert, (a) => !!a?.location, "location on the alert");
    expect(alert?.location?.lng).to.be.closeTo(-74.006, 1e-6);
    // Move ~110 m north; the browser reports it through watchPosition.
    await setGeolocation({ latitude: 40.7138, longitude: -74.006, accuracy: 8 });
    const moved = await waitFor(session.alert, (a) => !!a?.location && Math.abs(a.location.lat - 40.7138) < 1e-6, "moved location", 15_000);
    expect(moved?.location?.accuracy).to.equal(8);
    const trail = reporterClient.trail(alertId);
    const points = await waitFor(trail, (t) => t.status === "ready" && t.value.length >= 2, "trail of two points");
    trail.dispose();
    expect(points.status === "ready" && points.value.length).to.be.at.most(4);
  });

  it("uploads evidence segments during the broadcast", async () => {
    await waitFor(session.recording, (r) => r.uploaded >= 1, "a recorded segment uploaded", 20_000);
    const convex = await rawConvex();
    const clips = await eventually(
      async () => {
        const list = (await convex.query("clips:list" as never, { alertId } as never)) as { seq: number; mimeType: string; durationMs: number; url: string | null }[];
        return list.length >= 1 ? list : undefined;
      },
      "clips:list",
    );
    expect(clips[0]?.seq).to.equal(0);
    expect(clips[0]?.mimeType).to.match(/^video\/webm/);
    expect(clips[0]?.durationMs).to.be.within(3_000, 8_000);
    if (clips[0]?.url) {
      const blob = await (await fetch(clips[0].url)).blob();
      expect(blob.size).to.be.greaterThan(1_000);
    }
  });

  it("ends, flushes the last segment, and the end reaches the viewer", async () => {
    const before = session.recording.get().segments;
    await session.end("resolved");
    expect(session.state.get()).to.deep.include({ name: "ended", reason: "resolved" });
    expect(session.preview.get()).to.equal(null);
    expect(session.recording.get().segments).to.be.greaterThan(before);
    const ended = await waitFor(viewer.state, (s) => s.name === "ended", "viewer ended");
    expect(ended.reason).to.contain("resolved");
    expect(viewer.alert.get()?.status).to.equal("ended");
    expect(viewer.stream.get()).to.equal(null);
    let refused: unknown;
    await viewer.acknowledge("seen").catch((e: unknown) => (refused = e));
    expect((refused as { code?: string }).code).to.equal("alert/ended");
  });

  it("let no error escape into the page", () => {
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
