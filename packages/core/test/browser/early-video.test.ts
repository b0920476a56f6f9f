// A viewer's <video> gets the alert's video track as soon as the track exists, while the media
// connection is still coming up, instead of when livekit-client announces the subscription (after
// its 50 ms connection poll has seen the peer connection up). Real convex/browser and
// livekit-client against the dev stack; only the browser's own RTCPeerConnection and srcObject are
// observed.
import { expect } from "@open-wc/testing";
import type { AlertRunClient, AlertSession, ViewerSession } from "../../src/index.js";
import { closeAll, eventually, newClient, newResponderClient, trackPageErrors, videoElement, waitFor, MEDIA_WAIT_MS } from "./helpers.js";

/** Records, for the first video track an element is given, the state of the connections made since. */
function observeFirstVideo(video: HTMLVideoElement) {
  const connections: RTCPeerConnection[] = [];
  const NativePC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePC {
    constructor(config?: RTCConfiguration) {
      super(config);
      connections.push(this);
    }
  } as typeof RTCPeerConnection;
  const seen: { states: string[]; track: MediaStreamTrack } = { states: [], track: null as unknown as MediaStreamTrack };
  const note = (stream: unknown) => {
    const track = stream instanceof MediaStream ? stream.getVideoTracks()[0] : undefined;
    if (!track || seen.track) return;
    seen.track = track;
    seen.states = connections.map((pc) => pc.connectionState);
  };
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, "srcObject")!;
  Object.defineProperty(video, "srcObject", {
    configurable: true,
    get: () => srcObject.get!.call(video),
    set: (value: MediaProvider | null) => {
      srcObject.set!.call(video, value);
      note(value);
    },
  });
  const addTrack = MediaStream.prototype.addTrack;
  MediaStream.prototype.addTrack = function (this: MediaStream, track: MediaStreamTrack) {
    addTrack.call(this, track);
    if (srcObject.get!.call(video) === this) note(this);
  };
  return {
    seen,
    restore() {
      window.RTCPeerConnection = NativePC;
      MediaStream.prototype.addTrack = addTrack;
    },
  };
}

describe("a viewer's first picture", function () {
  this.timeout(120_000);
  let reporterClient: AlertRunClient;
  let responderClient: AlertRunClient;
  let session: AlertSession;
  let viewer: ViewerSession;
  let video: HTMLVideoElement;
  const pageErrors = trackPageErrors();

  before(async () => {
    reporterClient = await newClient();
    responderClient = await newResponderClient("early-video-responder");
    session = reporterClient.startAlert({ category: "medical" });
    await waitFor(session.media, (m) => m.connection === "connected", "reporter's media connected", MEDIA_WAIT_MS);
  });

  after(async () => {
    pageErrors.stop();
    viewer?.close();
    await session?.end("test cleanup");
    video?.remove();
    closeAll();
  });

  it("gives the <video> the video track while the media connection is still coming up", async () => {
    video = videoElement();
    const observed = observeFirstVideo(video);
    try {
      viewer = responderClient.watch(session.alertId.get()!, { displayName: "Officer Early" });
      viewer.attach(video);
      await waitFor(viewer.state, (s) => s.name === "live", "viewer live", MEDIA_WAIT_MS);
      const stream = await waitFor(viewer.stream, (s) => !!s && s.getVideoTracks().length > 0, "subscribed video", MEDIA_WAIT_MS);
      await eventually(async () => (video.videoWidth > 0 ? true : undefined), "decoded video", 15_000, 50);
      // The viewer's own connection had not connected yet when the element got the track.
      expect(observed.seen.states.length, "the viewer's peer connection").to.be.greaterThan(0);
      expect(observed.seen.states).to.not.include("connected");
      // The subscription kept that same track in the element; no second video track was added.
      const shown = video.srcObject as MediaStream;
      expect(shown.getVideoTracks()).to.have.length(1);
      expect(shown.getVideoTracks()[0]).to.equal(observed.seen.track);
      expect(stream!.getVideoTracks()[0]).to.equal(observed.seen.track);
    } finally {
      observed.restore();
    }
    expect(pageErrors.errors).to.deep.equal([]);
  });
});
