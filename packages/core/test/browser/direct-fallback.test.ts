// Issue 16: video that gets through when the media server does not. The dev SFU is stopped (mid-
// stream, or before the press); the broadcaster moves onto the direct path and signed-in
// responders get the picture over a peer connection signalled through Convex; when the SFU comes
// back both sides return to it. Beyond the broadcaster's cap (and for non-responders) the viewer
// shows "unavailable" while location and chat go on.
//
// The figures printed with [measure] go into docs/reliability.md ("Direct fallback").
import { expect } from "@open-wc/testing";
import { AlertRunClient } from "../../src/index.js";
import type { AlertSession, ViewerSession } from "../../src/index.js";
import { MEDIA_WAIT_MS, SITE, captureConsole, closeAll, eventually, framesDiffer, grabFrame, newClient, stack, startSfu, stopSfu, trackPageErrors, videoElement, waitFor } from "./helpers.js";

/** A client signed in with a dev identity token carrying `role: "responder"`. */
async function responderClient(subject: string): Promise<AlertRunClient> {
  const { convexUrl } = await stack();
  const response = await fetch(`${convexUrl}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, name: subject, role: "responder" }),
  });
  const { token } = (await response.json()) as { token: string };
  const client = new AlertRunClient({ convexUrl, site: SITE, auth: async () => token });
  closers.push(client);
  return client;
}
const closers: { close(): void }[] = [];

/** Resolves once `video` shows a decoded picture that changes (the stream is moving, not frozen). */
async function movingVideo(video: HTMLVideoElement, label: string, timeoutMs = MEDIA_WAIT_MS): Promise<void> {
  await eventually(async () => (video.videoWidth > 0 ? true : undefined), `${label}: decoded video`, timeoutMs, 100);
  const first = grabFrame(video);
  await eventually(async () => (framesDiffer(first, grabFrame(video)) ? true : undefined), `${label}: changing frames`, 15_000, 100);
}

function watchIn(viewer: ViewerSession): HTMLVideoElement {
  const video = videoElement();
  viewer.attach(video);
  return video;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

describe("direct fallback when the media server is unavailable", function () {
  this.timeout(240_000);
  const pageErrors = trackPageErrors();
  const sessions: AlertSession[] = [];
  afterEach(async () => {
    await startSfu();
    await Promise.all(sessions.splice(0).map((s) => s.end("test done")));
  });
  after(() => {
    pageErrors.stop();
    for (const c of closers.splice(0)) c.close();
    closeAll();
  });

  it("(a)+(c) SFU stopped mid-stream: the responder sees moving video over the direct path, and both return to the SFU", async () => {
    const reporter = await newClient();
    const session = reporter.startAlert({ audio: false, location: false, record: false, category: "direct-a" });
    sessions.push(session);
    await waitFor(session.media, (m) => m.connection === "connected", "broadcaster connected", MEDIA_WAIT_MS);
    const alertId = session.alertId.get() ?? "";
    const viewer = (await responderClient("responder-a")).watch(alertId);
    const video = watchIn(viewer);
    await waitFor(viewer.state, (s) => s.name === "live", "viewer live over the SFU", MEDIA_WAIT_MS);
    expect(viewer.mediaPath.get()).to.equal("sfu");
    await movingVideo(video, "over the SFU");

    const lost = performance.now();
    await stopSfu();
    await waitFor(session.media, (m) => m.path === "direct", "broadcaster on the direct path", 30_000);
    const wentDirect = performance.now();
    await waitFor(viewer.mediaPath, (p) => p === "direct", "viewer follows to the direct path", 30_000);
    await waitFor(viewer.state, (s) => s.name === "live", "viewer live over the direct path", MEDIA_WAIT_MS);
    console.log(`[measure] SFU loss -> broadcaster direct: ${seconds(wentDirect - lost)} s; -> direct track live: ${seconds(performance.now() - lost)} s`);
    expect(viewer.state.get().reason).to.match(/direct/);
    await movingVideo(video, "over the direct path");
    console.log(`[measure] SFU loss -> moving video via the direct path: ${seconds(performance.now() - lost)} s`);
    expect(viewer.alert.get()?.mediaPath).to.equal("direct");

    // (c) The SFU comes back: the broadcaster rejoins it and the viewer follows, with no action.
    const back = performance.now();
    await startSfu();
    await waitFor(session.media, (m) => m.path === "sfu" && m.connection === "connected", "broadcaster back on the SFU", MEDIA_WAIT_MS);
    await waitFor(viewer.mediaPath, (p) => p === "sfu", "viewer back on the SFU", 30_000);
    await waitFor(viewer.state, (s) => s.name === "live", "viewer live over the SFU again", MEDIA_WAIT_MS);
    await movingVideo(video, "over the SFU again");
    console.log(`[measure] SFU back -> moving video via the SFU: ${seconds(performance.now() - back)} s`);
    expect(viewer.alert.get()?.mediaPath).to.equal("sfu");
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
    viewer.close();
    video.remove();
  });

  it("(b) SFU down before the press: the responder sees the person over the direct path", async () => {
    await stopSfu();
    const reporter = await newClient();
    await reporter.prefetchMedia();
    const pressed = performance.now();
    const session = reporter.startAlert({ audio: true, location: false, record: false, category: "direct-b" });
    sessions.push(session);
    const alertId = (await waitFor(session.alertId, (id) => id !== null, "alert created")) ?? "";
    const viewer = (await responderClient("responder-b")).watch(alertId);
    const video = watchIn(viewer);
    await waitFor(viewer.state, (s) => s.name === "live", "viewer live over the direct path", MEDIA_WAIT_MS);
    expect(viewer.mediaPath.get()).to.equal("direct");
    await eventually(async () => (video.videoWidth > 0 ? true : undefined), "first decoded frame", MEDIA_WAIT_MS, 50);
    console.log(`[measure] hold complete -> first frame with the SFU down: ${seconds(performance.now() - pressed)} s`);
    await movingVideo(video, "over the direct path");
    // Audio travels the direct path too.
    expect(viewer.stream.get()?.getAudioTracks().length).to.equal(1);
    expect(session.media.get().path).to.equal("direct");
    viewer.close();
    video.remove();
  });

  it("(d) beyond the cap, and for viewers who are not responders: 'unavailable', with location and chat going on", async () => {
    await stopSfu();
    const reporter = await newClient();
    const session = reporter.startAlert({ audio: false, location: true, record: false, category: "direct-d", direct: { maxPeers: 1 } });
    sessions.push(session);
    const alertId = (await waitFor(session.alertId, (id) => id !== null, "alert created")) ?? "";
    const first = (await responderClient("responder-d1")).watch(alertId);
    const firstVideo = watchIn(first);
    await waitFor(first.state, (s) => s.name === "live", "first responder live over the direct path", MEDIA_WAIT_MS);
    await movingVideo(firstVideo, "first responder");

    const second = (await responderClient("responder-d2")).watch(alertId);
    const secondVideo = watchIn(second);
    const refused = await waitFor(second.state, (s) => s.name === "unavailable", "second responder beyond the cap", 30_000);
    expect(refused.reason).to.match(/media server unavailable/);
    expect(second.stream.get()).to.equal(null);

    // A non-responder never asks `directSignals` (the backend would refuse, and the Convex client
    // would log the refusal on the host page): `sites:access` decides, straight to `unavailable`.
    const directLog = captureConsole(/directSignals/);
    const anonymous = (await newClient()).watch(alertId);
    const stranger = await waitFor(anonymous.state, (s) => s.name === "unavailable", "anonymous viewer", 30_000);
    expect(stranger.reason).to.match(/responders/);

    // Location and chat continue for the viewer beyond the cap.
    await waitFor(second.alert, (a) => a?.location !== null && a?.location !== undefined, "location reaches the refused responder", 30_000);
    await second.sendMessage("I can't see video but I'm coming");
    await waitFor(session.messages, (m) => m.some((x) => x.text === "I can't see video but I'm coming"), "reporter gets the chat", 20_000);

    // The first responder leaves: the slot goes to the one waiting.
    first.close();
    firstVideo.remove();
    await waitFor(second.state, (s) => s.name === "live", "second responder served when a slot frees", MEDIA_WAIT_MS);
    await movingVideo(secondVideo, "second responder");
    anonymous.close();
    directLog.stop();
    expect(directLog.lines, "the anonymous viewer's direct-path requests").to.deep.equal([]);
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
    second.close();
    secondVideo.remove();
  });
});
