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
