import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionDescription, SignalTarget, TrickleRequest } from "@livekit/protocol";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { createPeer } from "../../src/sfu/peer.js";
import { answerAsDtlsServer } from "../../src/sfu/publisher.js";
import { mintToken } from "./harness.js";
import { RawSignalClient } from "./signal-client.js";

// The SFU answers as the DTLS server (`a=setup:passive`): werift as the DTLS client waits a fixed
// 100 ms before its ClientHello. A werift peer stands in for the browser here (the media tests
// connect real Chromium on every path); it offers `actpass` as browsers do.

const fingerprint = (sdp: string) => /a=fingerprint:\S+ (\S+)/.exec(sdp)?.[1];

async function publishConnection(sfu: DevSfu, identity: string) {
  const client = await RawSignalClient.connect(sfu.url, await mintToken(identity, { room: "dtls-room", canSubscribe: false }));
  await client.next("join", (m) => (m.message.case === "join" ? true : undefined));
  const pc = createPeer("127.0.0.1");
  pc.createDataChannel("_reliable");
  pc.onIceCandidate.subscribe((c) => {
    if (c) client.send({ case: "trickle", value: new TrickleRequest({ candidateInit: JSON.stringify(c.toJSON()), target: SignalTarget.PUBLISHER }) });
  });
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  expect(pc.localDescription?.sdp).toMatch(/a=setup:actpass/);
  client.send({ case: "offer", value: new SessionDescription({ type: "offer", sdp: pc.localDescription!.sdp, id: 1 }) });
  const answer = await client.next("answer", (m) => (m.message.case === "answer" ? m.message.value : undefined));
  await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
  let used = 0;
  const addCandidates = async () => {
    const trickles = client.messages.flatMap((m) => (m.message.case === "trickle" ? [m.message.value] : []));
    for (const t of trickles.slice(used)) {
      const { candidate, sdpMid, sdpMLineIndex } = JSON.parse(t.candidateInit) as { candidate: string; sdpMid?: string; sdpMLineIndex?: number };
      await pc.addIceCandidate({ candidate, sdpMid, sdpMLineIndex });
    }
    used = trickles.length;
  };
  return { client, pc, answer: answer.sdp, addCandidates };
}

describe("dev SFU DTLS", () => {
  let sfu: DevSfu;
  beforeAll(async () => {
    sfu = await startDevSfu({ port: 0, log: () => undefined });
  });
  afterAll(async () => {
    await sfu?.close();
  });

  it("answers as the DTLS server, and the connection comes up that way", async () => {
    const { client, pc, answer, addCandidates } = await publishConnection(sfu, "dtls-a");
    expect(answer).toMatch(/a=setup:passive/);
    expect(answer).not.toMatch(/a=setup:active/);
    const deadline = Date.now() + 10_000;
    while (pc.connectionState !== "connected" && Date.now() < deadline) {
      await addCandidates();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(pc.connectionState).toBe("connected");
    await pc.close();
    client.close();
  });

  it("uses one DTLS certificate for every connection of the process (no key generated per join)", async () => {
    const a = await publishConnection(sfu, "dtls-b");
    const b = await publishConnection(sfu, "dtls-c");
    expect(fingerprint(a.answer)).toBeDefined();
    expect(fingerprint(a.answer)).toBe(fingerprint(b.answer));
    for (const x of [a, b]) {
      await x.pc.close();
      x.client.close();
    }
  });
});

describe("dev SFU early DTLS records", () => {
  // The browser sends its ClientHello as soon as its own ICE check succeeds, which can be before
  // werift starts its DTLS server; werift drops such records and the browser only retransmits
  // after its handshake timer. Real werift transports here; the record is injected where the ICE
  // connection hands over received data, since no browser can be made to be early on demand.
  it("keeps DTLS records that arrive before the DTLS transport starts and hands them over when it does", async () => {
    const client = createPeer("127.0.0.1");
    client.createDataChannel("_reliable");
    await client.setLocalDescription(await client.createOffer());
    const server = createPeer("127.0.0.1");
    await server.setRemoteDescription({ type: "offer", sdp: client.localDescription!.sdp });
    answerAsDtlsServer(server);
    // The SFU's peers keep early records from their first setLocalDescription on.
    await server.setLocalDescription(await server.createAnswer());
    const [transport] = server.dtlsTransports;
    const clientHello = Buffer.from([22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    const rtp = Buffer.from([0x80, 96, 0, 1]);
    transport!.iceTransport.connection.onData.execute(clientHello);
    transport!.iceTransport.connection.onData.execute(rtp);

    const handed: Buffer[] = [];
    void transport!.start().catch(() => undefined);
    const socket = (transport!.dtls as unknown as { transport: { socket: { onData: (b: Buffer) => void } } }).transport.socket;
    socket.onData = (b) => handed.push(b);
    await new Promise((r) => setTimeout(r, 10));
    expect(handed.map((b) => [...b])).toEqual([[...clientHello]]);
    await server.close();
    await client.close();
  });
});

describe("dev SFU X25519", () => {
  it("runs werift's X25519 on node:crypto, with the same results as tweetnacl", async () => {
    createPeer("127.0.0.1"); // installs it
    const { createRequire } = await import("node:module");
    const fromWerift = createRequire(createRequire(import.meta.url).resolve("werift"));
    const nacl = fromWerift("tweetnacl") as {
      scalarMult: (s: Uint8Array, p: Uint8Array) => Uint8Array;
      box: { keyPair: () => { secretKey: Uint8Array; publicKey: Uint8Array } };
      lowlevel: { crypto_scalarmult: (q: Uint8Array, n: Uint8Array, p: Uint8Array) => number };
    };
    const a = nacl.box.keyPair();
    const b = nacl.box.keyPair();
    // tweetnacl's own scalar multiplication, still reachable underneath, as the reference.
    const reference = (s: Uint8Array, p: Uint8Array) => {
      const q = new Uint8Array(32);
      nacl.lowlevel.crypto_scalarmult(q, s, p);
      return Buffer.from(q);
    };
    expect(Buffer.from(nacl.scalarMult(a.secretKey, b.publicKey))).toEqual(reference(a.secretKey, b.publicKey));
    expect(Buffer.from(nacl.scalarMult(b.secretKey, a.publicKey))).toEqual(reference(a.secretKey, b.publicKey));
    expect(nacl.scalarMult.toString()).toContain("diffieHellman");
  });
});

describe("dev SFU certificate fingerprint", () => {
  it("is computed once per certificate, and every description carries the same one", async () => {
    const a = createPeer("127.0.0.1");
    a.createDataChannel("_reliable");
    await a.setLocalDescription(await a.createOffer());
    const first = fingerprint(a.localDescription!.sdp);
    // Count the certificate parses from here on: the next descriptions must reuse the first.
    // werift's own copy of the certificate parser it calls for each fingerprint.
    const { createRequire } = await import("node:module");
    const fromWerift = createRequire(createRequire(import.meta.url).resolve("werift"));
    const { Certificate } = fromWerift("@fidm/x509") as { Certificate: { fromPEM: (pem: Buffer) => unknown } };
    let parses = 0;
    const fromPEM = Certificate.fromPEM;
    Certificate.fromPEM = (pem: Buffer) => {
      parses++;
      return fromPEM.call(Certificate, pem);
    };
    try {
      const b = createPeer("127.0.0.1");
      b.createDataChannel("_reliable");
      await b.setLocalDescription(await b.createOffer());
      expect(fingerprint(b.localDescription!.sdp)).toBe(first);
      expect(parses).toBe(0);
      await b.close();
    } finally {
      Certificate.fromPEM = fromPEM;
      await a.close();
    }
  });
});
