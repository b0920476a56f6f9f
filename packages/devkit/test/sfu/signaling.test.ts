import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddTrackRequest,
  ClientInfo,
  ConnectionSettings,
  JoinRequest,
  WrappedJoinRequest,
  WrappedJoinRequest_Compression,
  ParticipantInfo_State,
  Ping,
  RequestResponse_Reason,
  SessionDescription,
  SignalTarget,
  TrackSource,
  TrackType,
  TrickleRequest,
} from "@livekit/protocol";
import { AccessToken, TokenVerifier } from "livekit-server-sdk";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { mintToken } from "./harness.js";
import { RawSignalClient } from "./signal-client.js";

const httpUrl = (sfu: DevSfu, path: string) => sfu.url.replace(/^ws/, "http") + path;

/** `join_request` as livekit-client sends it on /rtc/v1 (here without a publisher offer). */
function joinRequestParam(gzip: boolean): string {
  const request = new JoinRequest({ clientInfo: new ClientInfo({ protocol: 16 }), connectionSettings: new ConnectionSettings({ autoSubscribe: true }) });
  const bytes = request.toBinary();
  const wrapped = new WrappedJoinRequest({
    compression: gzip ? WrappedJoinRequest_Compression.GZIP : WrappedJoinRequest_Compression.NONE,
    joinRequest: gzip ? gzipSync(bytes) : bytes,
  });
  return Buffer.from(wrapped.toBinary()).toString("base64url");
}

describe("dev SFU signaling", () => {
  let sfu: DevSfu;
  const logs: string[] = [];

  beforeAll(async () => {
    sfu = await startDevSfu({ port: 0, log: (m) => logs.push(m) });
  });
  afterAll(async () => {
    await sfu?.close();
  });

  it("answers /rtc/validate like LiveKit: 200 for a good token, 401 with the reason for a bad or expired one", async () => {
    const good = await mintToken("val", { room: "r" });
    const ok = await fetch(httpUrl(sfu, `/rtc/validate?access_token=${good}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");

    const forged = await new AccessToken("devkey", "not-the-secret", { identity: "x" });
    forged.addGrant({ roomJoin: true, room: "r" });
    const bad = await fetch(httpUrl(sfu, `/rtc/validate?access_token=${await forged.toJwt()}`));
    expect(bad.status).toBe(401);
    expect(await bad.text()).toMatch(/^invalid token: /);

    const expiredToken = new AccessToken("devkey", "secret", { identity: "x", ttl: -60 });
    expiredToken.addGrant({ roomJoin: true, room: "r" });
    const expired = await fetch(httpUrl(sfu, `/rtc/validate?access_token=${await expiredToken.toJwt()}`));
    expect(expired.status).toBe(401);
    expect(await expired.text()).toMatch(/exp/);

    const noJoin = await fetch(httpUrl(sfu, `/rtc/validate?access_token=${await mintToken("x", { room: "r", roomJoin: false })}`));
    expect(noJoin.status).toBe(401);
    expect(await noJoin.text()).toBe("permissions denied");

    // v1 exists: 200 (never the 404 that makes livekit-client fall back to /rtc), and its
    // join request must decode.
    const v1 = await fetch(httpUrl(sfu, `/rtc/v1/validate?access_token=${good}&join_request=${joinRequestParam(true)}`));
    expect(v1.status).toBe(200);
    expect(v1.headers.get("access-control-allow-origin")).toBe("*");
    const garbled = await fetch(httpUrl(sfu, `/rtc/v1/validate?access_token=${good}&join_request=AAAA`));
    expect(garbled.status).toBe(400);
  });

  it("refuses the socket for a bad token, and for /rtc/v1 without a readable join request", async () => {
    const forged = new AccessToken("devkey", "wrong", { identity: "x" });
    forged.addGrant({ roomJoin: true, room: "r" });
    await expect(RawSignalClient.connect(sfu.url, await forged.toJwt())).rejects.toThrow("HTTP 401");
    const good = await mintToken("v1", { room: "r" });
    await expect(RawSignalClient.connect(sfu.url, "")).rejects.toThrow("HTTP 401");
    await expect(RawSignalClient.connect(sfu.url, good, "/rtc/v1")).rejects.toThrow("HTTP 400");
    await expect(RawSignalClient.connect(sfu.url, good, "/rtc/v1", { query: "join_request=AAAA" })).rejects.toThrow("HTTP 400");
    await expect(RawSignalClient.connect(sfu.url, good, "/rtc/v2", { query: `join_request=${joinRequestParam(true)}` })).rejects.toThrow(
      "HTTP 404",
    );
  });

  it("joins over /rtc/v1 with a gzip-compressed or a plain join request", async () => {
    for (const gzip of [true, false]) {
      const identity = gzip ? "v1-gzip" : "v1-plain";
      const c = await RawSignalClient.connect(sfu.url, await mintToken(identity, { room: "v1-room" }), "/rtc/v1", {
        query: `join_request=${joinRequestParam(gzip)}`,
      });
      const join = await c.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
      expect(join.participant?.identity).toBe(identity);
      // One connection: the SFU never offers, and the client is not told to wait for a subscriber one.
      expect(join.subscriberPrimary).toBe(false);
      expect(c.messages.some((m) => m.message.case === "offer")).toBe(false);
      c.close();
    }
  });

  it("accepts the access token from an Authorization: Bearer header", async () => {
    const good = await mintToken("bearer", { room: "bearer-room" });
    const ok = await fetch(httpUrl(sfu, "/rtc/validate"), { headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);
    const forged = new AccessToken("devkey", "wrong", { identity: "x" });
    forged.addGrant({ roomJoin: true, room: "bearer-room" });
    const bad = await fetch(httpUrl(sfu, "/rtc/validate"), { headers: { authorization: `Bearer ${await forged.toJwt()}` } });
    expect(bad.status).toBe(401);

    for (const path of ["/rtc", "/rtc/v1"]) {
      const query = path === "/rtc/v1" ? `join_request=${joinRequestParam(false)}` : undefined;
      const c = await RawSignalClient.connect(sfu.url, good, path, { bearer: true, query });
      const join = await c.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
      expect(join.participant?.identity).toBe("bearer");
      c.close();
      await c.waitClosed();
    }
    await expect(RawSignalClient.connect(sfu.url, await forged.toJwt(), "/rtc", { bearer: true })).rejects.toThrow("HTTP 401");
  });

  it("joins with LiveKit's join response and answers pings", async () => {
    const c = await RawSignalClient.connect(sfu.url, await mintToken("joiner", { room: "join-room" }));
    const join = await c.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
    expect(join.participant?.identity).toBe("joiner");
    expect(join.participant?.sid).toMatch(/^PA_/);
    expect(join.participant?.permission?.canPublish).toBe(true);
    expect(join.serverInfo?.version).not.toBe("");
    // LiveKit's rule on /rtc: whoever may subscribe gets the SFU's offer on the subscriber
    // connection right after the join response.
    expect(join.subscriberPrimary).toBe(true);
    await c.next("subscriber offer", (m) => (m.message.case === "offer" ? true : undefined));
    expect(join.pingInterval).toBeGreaterThan(0);
    c.send({ case: "pingReq", value: new Ping({ timestamp: 1234n, rtt: 0n }) });
    const pong = await c.next("pong", (m) => (m.message.case === "pongResp" ? m.message.value : undefined));
    expect(pong.lastPingTimestamp).toBe(1234n);
    // A refresh token with the same identity and room arrives for later reconnects.
    const refreshed = await c.next("refresh token", (m) => (m.message.case === "refreshToken" ? m.message.value : undefined));
    const claims = await new TokenVerifier("devkey", "secret").verify(refreshed);
    expect(claims.sub).toBe("joiner");
    expect(claims.video?.room).toBe("join-room");
    c.close();
  });

  it("refuses to publish without the grant", async () => {
    const viewer = await RawSignalClient.connect(sfu.url, await mintToken("viewer", { room: "grant-room", canPublish: false }));
    const join = await viewer.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
    expect(join.participant?.permission?.canPublish).toBe(false);
    // A participant that may not subscribe stays publisher-primary.
    const publishOnly = await RawSignalClient.connect(sfu.url, await mintToken("cam-only", { room: "grant-room", canSubscribe: false }));
    const pj = await publishOnly.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
    expect(pj.subscriberPrimary).toBe(false);
    publishOnly.close();
    viewer.send({
      case: "addTrack",
      value: new AddTrackRequest({ cid: "cam", name: "camera", type: TrackType.VIDEO, source: TrackSource.CAMERA }),
    });
    const refusal = await viewer.next("refusal", (m) =>
      m.message.case === "requestResponse" ? m.message.value : undefined,
    );
    expect(refusal.reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
    expect(viewer.messages.some((m) => m.message.case === "trackPublished")).toBe(false);

    // canPublishSources limits sources: microphone only.
    const mic = await RawSignalClient.connect(sfu.url, await mintToken("mic", { room: "grant-room", canPublishSources: [TrackSource.MICROPHONE] }));
    mic.send({ case: "addTrack", value: new AddTrackRequest({ cid: "cam", type: TrackType.VIDEO, source: TrackSource.CAMERA }) });
    mic.send({ case: "addTrack", value: new AddTrackRequest({ cid: "mic", type: TrackType.AUDIO, source: TrackSource.MICROPHONE }) });
    const published = await mic.next("mic published", (m) => (m.message.case === "trackPublished" ? m.message.value : undefined));
    expect(published.cid).toBe("mic");
    expect(mic.messages.filter((m) => m.message.case === "requestResponse")).toHaveLength(1);
    viewer.close();
    mic.close();
  });

  it("closes only the participant that sends a malformed message", async () => {
    const room = "malformed-room";
    const good = await RawSignalClient.connect(sfu.url, await mintToken("good", { room }));
    await good.next("join", (m) => (m.message.case === "join" ? true : undefined));
    const bad = await RawSignalClient.connect(sfu.url, await mintToken("bad", { room }));
    await bad.next("join", (m) => (m.message.case === "join" ? true : undefined));
    bad.ws.send(Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01]));
    await bad.waitClosed();
    expect(bad.messages.some((m) => m.message.case === "leave")).toBe(true);
    await good.next("bad's departure", (m) =>
      m.message.case === "update" &&
      m.message.value.participants.some((p) => p.identity === "bad" && p.state === ParticipantInfo_State.DISCONNECTED)
        ? true
        : undefined,
    );
    // The other participant and the server carry on.
    good.send({ case: "pingReq", value: new Ping({ timestamp: 7n }) });
    await good.next("pong", (m) => (m.message.case === "pongResp" && m.message.value.lastPingTimestamp === 7n ? true : undefined));
    expect(good.closed).toBe(false);
    // A malformed candidate inside a valid frame is handled the same way.
    const worse = await RawSignalClient.connect(sfu.url, await mintToken("worse", { room }));
    await worse.next("join", (m) => (m.message.case === "join" ? true : undefined));
    worse.ws.send("not json at all", { binary: false });
    await worse.waitClosed();
    expect(good.closed).toBe(false);
    // Well-formed frames with nonsense inside: an SDP that is not one, a candidate that is not JSON.
    for (const [identity, message] of [
      ["bad-sdp", { case: "offer", value: new SessionDescription({ type: "offer", sdp: "v=0\r\nm=nonsense", id: 1 }) }],
      ["bad-candidate", { case: "trickle", value: new TrickleRequest({ candidateInit: "{not json", target: SignalTarget.PUBLISHER }) }],
    ] as const) {
      const c = await RawSignalClient.connect(sfu.url, await mintToken(identity, { room }));
      await c.next("join", (m) => (m.message.case === "join" ? true : undefined));
      c.send(message);
      await c.waitClosed();
    }
    expect(good.closed).toBe(false);
    const again = await RawSignalClient.connect(sfu.url, await mintToken("again", { room }));
    await again.next("join", (m) => (m.message.case === "join" ? true : undefined));
    again.close();
    good.close();
  });

  it("lets a second connection with the same identity replace the first", async () => {
    const first = await RawSignalClient.connect(sfu.url, await mintToken("twin", { room: "dup" }));
    await first.next("join", (m) => (m.message.case === "join" ? true : undefined));
    const second = await RawSignalClient.connect(sfu.url, await mintToken("twin", { room: "dup" }));
    await second.next("join", (m) => (m.message.case === "join" ? true : undefined));
    await first.waitClosed();
    expect(second.closed).toBe(false);
    // The room lived on: a newcomer finds the replacement, and the replacement never heard "itself" leave.
    const third = await RawSignalClient.connect(sfu.url, await mintToken("third", { room: "dup" }));
    const join = await third.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
    expect(join.otherParticipants.map((o) => o.identity)).toEqual(["twin"]);
    await second.next("third's arrival", (m) =>
      m.message.case === "update" && m.message.value.participants.some((p) => p.identity === "third") ? true : undefined,
    );
    expect(second.messages.some((m) => m.message.case === "update" && m.message.value.participants.some((p) => p.identity === "twin"))).toBe(false);
    third.close();
    second.close();
  });
});
