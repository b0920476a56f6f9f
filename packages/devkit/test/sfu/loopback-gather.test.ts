import dgram from "node:dgram";
import dns from "node:dns";
import { afterEach, describe, expect, it } from "vitest";
import { createPeer } from "../../src/sfu/peer.js";

// On a loopback host the SFU's peers must gather one 127.0.0.1 candidate and send nothing off the
// machine: werift otherwise queries its built-in public STUN server (a DNS lookup and a round trip
// that every setLocalDescription waits for) and opens a socket on each of the machine's addresses.

const sent: string[] = [];
const originalSend = dgram.Socket.prototype.send;
const originalLookup = dns.promises.lookup;

/** Records every UDP destination and every name looked up (werift resolves a STUN host first). */
function recordDestinations(): void {
  dns.promises.lookup = ((hostname: string, ...rest: unknown[]) => {
    sent.push(hostname);
    return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  }) as typeof dns.promises.lookup;
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    // send(msg, [offset, length,] port, [address,] callback): the address is the string argument.
    const address = args.find((a) => typeof a === "string");
    if (typeof address === "string") sent.push(address);
    return (originalSend as (...a: unknown[]) => void).apply(this, args);
  } as typeof dgram.Socket.prototype.send;
}

const isLoopback = (a: string) => a.startsWith("127.") || a === "::1" || a === "localhost";
const candidateAddresses = (sdp: string) =>
  [...sdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) /gm)].map((m) => m[1]!);

describe("dev SFU peer on loopback", () => {
  afterEach(() => {
    dgram.Socket.prototype.send = originalSend;
    dns.promises.lookup = originalLookup;
    sent.length = 0;
  });

  it("gathers only a loopback candidate and sends no STUN query off the machine", async () => {
    recordDestinations();
    const pc = createPeer("127.0.0.1");
    pc.createDataChannel("_reliable");
    await pc.setLocalDescription(await pc.createOffer());
    const addresses = candidateAddresses(pc.localDescription!.sdp);
    await pc.close();
    expect(addresses).toEqual(["127.0.0.1"]);
    expect(sent.filter((a) => !isLoopback(a))).toEqual([]);
  });

  it("still gathers the machine's addresses for a non-loopback host", async () => {
    const pc = createPeer("192.0.2.1");
    pc.createDataChannel("_reliable");
    // Only the description is checked; its STUN query may fail offline, which werift tolerates.
    await pc.setLocalDescription(await pc.createOffer());
    expect(pc.localDescription!.sdp).toMatch(/^a=candidate:/m);
    await pc.close();
  });
});

type Pair = { protocol: unknown; remoteCandidate: { host: string; port: number } };
const pairsOf = (pc: ReturnType<typeof createPeer>) =>
  pc.iceTransports.flatMap((t) => (t.connection as unknown as { checkList: Pair[] }).checkList);

describe("dev SFU peer ICE pairs", () => {
  // The same client address can reach werift as several candidate objects: a peer-reflexive one
  // learnt from the client's first check, its host candidate trickled later, and that candidate
  // again with or without a ufrag (trickle vs renegotiation offer). werift pairs each object anew
  // and reports the connection only after checking every pair, 20 ms apart.
  it("forms one pair per remote address, however often the client's candidate arrives", async () => {
    const sfu = createPeer("127.0.0.1");
    const client = createPeer("127.0.0.1");
    client.createDataChannel("_reliable");
    await client.setLocalDescription(await client.createOffer());
    const offer = client.localDescription!;
    const candidates = offer.sdp.match(/^a=candidate:.*$/gm)!.map((line) => line.slice(2).trim());
    // Browsers trickle their candidates after the offer; werift writes them into it, so drop them.
    await sfu.setRemoteDescription({ type: offer.type, sdp: offer.sdp.replace(/^a=(candidate:.*|end-of-candidates)\r\n/gm, "") });
    await sfu.setLocalDescription(await sfu.createAnswer());
    for (const candidate of candidates) {
      await sfu.addIceCandidate({ candidate, sdpMid: "0", sdpMLineIndex: 0 });
      await sfu.addIceCandidate({ candidate: candidate.replace(/ ufrag \S+/, ""), sdpMid: "0", sdpMLineIndex: 0 });
    }
    // werift pairs trickled candidates once its ICE agent starts (after the answer); wait for that.
    const deadline = Date.now() + 5_000;
    while (pairsOf(sfu).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const keys = pairsOf(sfu).map((p) => `${p.remoteCandidate.host}:${p.remoteCandidate.port}`);
    await Promise.all([sfu.close(), client.close()]);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toEqual([...new Set(keys)]);
  });
});
