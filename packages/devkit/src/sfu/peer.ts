import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useNACK,
  usePLI,
  useSdesMid,
  useSdesRTPStreamId,
  useRepairedRtpStreamId,
} from "werift";
import { keepEarlyDtls } from "./early-dtls.js";
import { useNativeX25519 } from "./native-x25519.js";
import { cacheCertificateFingerprints } from "./fingerprint-cache.js";
import { connectPromptly } from "./ice-connect.js";

const isLoopback = (address: string) => address.startsWith("127.") || address === "::1" || address === "localhost";

/**
 * A werift peer connection for one side of a participant. On a loopback host the ICE agent
 * gathers only 127.0.0.1 candidates and no STUN (werift's default points at a public server),
 * so no packet ever leaves the machine.
 */
export function createPeer(host: string): RTCPeerConnection {
  useNativeX25519();
  cacheCertificateFingerprints();
  const loopback = isLoopback(host);
  const fb = () => [useNACK(), usePLI()];
  const pc: RTCPeerConnection = new RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    // One ICE transport per connection (livekit-client bundles everything). Without it werift
    // gathers a transport per m-section of its own offers and never closes the unused ones,
    // leaking their UDP sockets past close().
    bundlePolicy: "max-bundle",
    ...(loopback
      ? {
          // No host addresses of the machine: the only socket is the 127.0.0.1 one added below.
          iceUseIpv4: false,
          iceInterfaceAddresses: { udp4: "127.0.0.1" },
          iceAdditionalHostAddresses: ["127.0.0.1"],
        }
      : {}),
    iceFilterCandidatePair: (pair) =>
      (!loopback ||
        (isLoopback(pair.remoteCandidate.host) && isLoopback(pair.protocol.localCandidate?.host ?? "127.0.0.1"))) &&
      !hasPairFor(pc, pair),
    // Opus only (no RED): the client then sends plain Opus that any subscriber decodes.
    // No RTX: werift cannot receive RTX alongside rid simulcast.
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111 })],
      video: [
        new RTCRtpCodecParameters({ mimeType: "video/VP8", clockRate: 90000, rtcpFeedback: fb(), payloadType: 96 }),
        new RTCRtpCodecParameters({
          mimeType: "video/H264",
          clockRate: 90000,
          rtcpFeedback: fb(),
          payloadType: 102,
          parameters: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        }),
      ],
    },
    // Only what simulcast receive needs; transport-cc/abs-send-time slowed higher layers in the prototype.
    headerExtensions: {
      audio: [useSdesMid()],
      video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId()],
    },
  });
  beforeLocalDescription(pc, loopback);
  connectPromptly(pc);
  return pc;
}

type PairLike = { protocol: unknown; remoteCandidate: { host: string; port: number; transport: string } };

/**
 * Whether the agent already has a pair from the same local socket to the same remote address
 * (RFC 8445 §6.1.2.4 prunes such redundant pairs). werift compares candidates by identity, so the
 * host candidate the client trickles after its first check (already paired as peer-reflexive), or
 * the same candidate repeated in a renegotiation offer, becomes another pair. werift reports the
 * connection only once every pair is checked, 20 ms apart, so each such pair delayed DTLS.
 */
function hasPairFor(pc: RTCPeerConnection | undefined, pair: PairLike): boolean {
  const remote = pair.remoteCandidate;
  for (const transport of pc?.iceTransports ?? []) {
    const checkList = (transport.connection as unknown as { checkList?: PairLike[] }).checkList ?? [];
    const known = checkList.some(
      (p) =>
        p.protocol === pair.protocol &&
        p.remoteCandidate.host === remote.host &&
        p.remoteCandidate.port === remote.port &&
        p.remoteCandidate.transport.toLowerCase() === remote.transport.toLowerCase(),
    );
    if (known) return true;
  }
  return false;
}

/**
 * Runs before each setLocalDescription, once the description's transports exist:
 * - early DTLS records are kept for the DTLS transport (early-dtls.ts);
 * - on loopback, werift's public STUN query is switched off. werift queries a public STUN server
 *   (its built-in default) whenever none is configured, and setLocalDescription waits for that
 *   query: a DNS lookup plus a round trip off the machine before every offer and answer, up to its
 *   5 s timeout where UDP is blocked. A loopback SFU needs no reflexive candidate.
 */
function beforeLocalDescription(pc: RTCPeerConnection, loopback: boolean): void {
  const hooked = new WeakSet<object>();
  const setLocalDescription = pc.setLocalDescription.bind(pc) as (d?: unknown) => Promise<unknown>;
  pc.setLocalDescription = ((description?: unknown) => {
    keepEarlyDtls(pc, hooked);
    if (loopback) {
      for (const transport of pc.iceTransports) {
        (transport.connection as { stunServer?: unknown }).stunServer = undefined;
      }
    }
    return setLocalDescription(description);
  }) as RTCPeerConnection["setLocalDescription"];
}

/** Whether a remote candidate may be used: on loopback only loopback candidates are. */
export function acceptRemoteCandidate(host: string, candidate: string): boolean {
  if (!isLoopback(host)) return true;
  // candidate:<foundation> <component> <transport> <priority> <address> <port> typ …
  const address = candidate.replace(/^a=/, "").split(" ")[4] ?? "";
  return isLoopback(address);
}

export interface CandidateInit {
  candidate?: string;
  sdpMid?: string;
  sdpMLineIndex?: number;
  usernameFragment?: string;
}

/** Parses a trickled `RTCIceCandidateInit` JSON; throws on anything else. */
export function parseCandidate(json: string): CandidateInit {
  const value: unknown = JSON.parse(json);
  if (typeof value !== "object" || value === null || typeof (value as CandidateInit).candidate !== "string") {
    throw new TypeError("trickle candidate is not an RTCIceCandidateInit");
  }
  return value as CandidateInit;
}
