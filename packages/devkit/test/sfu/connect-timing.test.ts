import { afterEach, describe, expect, it } from "vitest";
import type { RTCPeerConnection } from "werift";
import { createPeer } from "../../src/sfu/peer.js";
import { answerAsDtlsServer } from "../../src/sfu/publisher.js";
import { SinglePeerDownstream } from "../../src/sfu/single-peer.js";
import { fakePublishedVideo } from "./fake-published.js";

// How quickly the dev SFU's side of a connection comes up once the browser's checks arrive.
// Real werift connections on loopback; a werift peer stands in for the browser (the media tests
// connect real Chromium on every path). Where a publisher is needed, its receiver is the boundary
// faked, as in keyframe-requests.test.ts.

const open: RTCPeerConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((pc) => pc.close()));
});

function peer(): RTCPeerConnection {
  const pc = createPeer("127.0.0.1");
  open.push(pc);
  return pc;
}

/** The browser's side: offers a data channel and `video` receive-only sections, trickles to `sfu`. */
async function browserOffer(sfu: RTCPeerConnection, videos = 1) {
  const client = peer();
  client.createDataChannel("_reliable");
  for (let i = 0; i < videos; i++) client.addTransceiver("video", { direction: "recvonly" });
  client.onIceCandidate.subscribe((c) => {
    if (c) void sfu.addIceCandidate(c.toJSON()).catch(() => undefined);
  });
  await client.setLocalDescription(await client.createOffer());
  return client;
}

async function sfuAnswer(sfu: RTCPeerConnection, offerSdp: string, beforeAnswer?: () => void): Promise<string> {
  await sfu.setRemoteDescription({ type: "offer", sdp: offerSdp });
  answerAsDtlsServer(sfu);
  beforeAnswer?.();
  await sfu.setLocalDescription(await sfu.createAnswer());
  return sfu.localDescription!.sdp;
}

const until = async (what: string, ok: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function fakeVideoTrack() {
  const { published, sendRtcpPLI, deliver } = fakePublishedVideo();
  // The publisher's layer is flowing: the SFU asks for keyframes only on a flowing layer.
  const flow = setInterval(deliver, 20);
  return { published, plis: sendRtcpPLI.mock.calls, stop: () => clearInterval(flow) };
}

describe("dev SFU connection timing", () => {
  it("asks for a subscriber's first keyframe once its SRTP is up, not after the data channels' SCTP too", async () => {
    const sfu = peer();
    const downstream = new SinglePeerDownstream(sfu, { requestSections: () => undefined, channel: () => undefined });
    const { published, plis, stop } = fakeVideoTrack();
    downstream.addTrack(published);
    const states: string[] = [];
    const record = published.requestKeyframe.bind(published);
    published.requestKeyframe = (layer) => {
      states.push(sfu.connectionState);
      record(layer);
    };
    const client = await browserOffer(sfu);
    const answer = await sfuAnswer(sfu, client.localDescription!.sdp, () => downstream.prepareAnswer());
    await client.setRemoteDescription({ type: "answer", sdp: answer });
    await until("the SFU's connection", () => sfu.connectionState === "connected");
    stop();
    // werift reports "connected" only after SCTP; the request came while it still said "connecting".
    expect(states[0]).toBe("connecting");
    expect(plis.length).toBeGreaterThan(0);
    expect(downstream.downTrack("TR_v")).toBeDefined();
    await downstream.close();
    published.close();
  });

  it("starts DTLS in the same turn as the ICE nomination, not at werift's next 20 ms check-list poll", async () => {
    const sfu = peer();
    const client = await browserOffer(sfu, 0);
    let immediateRan: boolean | undefined;
    let atDtlsStart: boolean | undefined;
    await sfuAnswer(sfu, client.localDescription!.sdp, () => {
      const [transport] = sfu.dtlsTransports;
      const agent = transport!.iceTransport.connection as unknown as { checkComplete(p: unknown): void; nominated?: unknown };
      const checkComplete = agent.checkComplete.bind(agent);
      agent.checkComplete = (pair) => {
        checkComplete(pair);
        if (agent.nominated === undefined || immediateRan !== undefined) return;
        // A macrotask queued at the nomination: werift's poll (a timer) would run after it.
        immediateRan = false;
        setImmediate(() => (immediateRan = true));
      };
      transport!.onStateChange.subscribe((state) => {
        if (state === "connecting") atDtlsStart = immediateRan;
      });
    });
    await client.setRemoteDescription({ type: "answer", sdp: sfu.localDescription!.sdp });
    await until("the SFU's connection", () => sfu.connectionState === "connected");
    expect(atDtlsStart).toBe(false);
  });

  it("answers a renegotiation that comes while it is still connecting without starting ICE again", async () => {
    const sfu = peer();
    const client = await browserOffer(sfu, 1);
    const offer = client.localDescription!.sdp;
    const answer = await sfuAnswer(sfu, offer);
    // livekit-client offers again right after its first answer: the SFU answers before ICE is up.
    await sfuAnswer(sfu, offer);
    const iceStates: string[] = [];
    const [transport] = sfu.dtlsTransports;
    transport!.iceTransport.onStateChange.subscribe((s) => iceStates.push(s));
    await client.setRemoteDescription({ type: "answer", sdp: answer });
    await until("the SFU's connection", () => sfu.connectionState === "connected");
    // werift used to restart the transport's checks once the first connect finished; that second
    // start never completed, and later renegotiations waited on it.
    await new Promise((r) => setTimeout(r, 200));
    expect(transport!.iceTransport.state).toBe("connected");
    expect(iceStates.slice(iceStates.indexOf("connected"))).not.toContain("checking");
    await sfuAnswer(sfu, offer);
    await until("a later renegotiation's answer", () => sfu.signalingState === "stable");
    expect(sfu.connectionState).toBe("connected");
  });
});
