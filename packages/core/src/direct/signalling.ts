/**
 * The direct path's signalling seam with the backend (packages/backend/convex/directSignals.ts):
 * payload shapes and the helpers both ends share. SDPs travel with their ICE candidates gathered
 * in, so one offer and one answer make an exchange.
 */
import { AlertRunError } from "../errors.js";

export interface DirectIceConfig {
  iceServers: RTCIceServer[];
  iceTransportPolicy: "all" | "relay";
}

export type DirectPeerStatus = "requested" | "offered" | "answered" | "full";

/** `directSignals:forReporter`. */
export interface ReporterSignals extends DirectIceConfig {
  peers: { peerId: string; attempt: number; status: DirectPeerStatus; answer: string | null }[];
}

/** `directSignals:forViewer`. */
export interface ViewerSignals extends DirectIceConfig {
  peer: { attempt: number; status: DirectPeerStatus; offer: string | null } | null;
}

/** How long to wait for ICE gathering before sending what was gathered. */
const GATHER_TIMEOUT_MS = 2_500;

/** Resolves once ICE gathering completes (or after a bound: with STUN/TURN it can straggle). */
export function iceGathered(pc: RTCPeerConnection, timeoutMs = GATHER_TIMEOUT_MS): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}

export function encodeDescription(description: RTCSessionDescription | null): string {
  if (!description) throw new AlertRunError("media/connect-failed", "No local session description.");
  return JSON.stringify({ type: description.type, sdp: description.sdp });
}

/** Parses a stored description; anything malformed is a failed attempt, never an exception upstream. */
export function decodeDescription(text: string, type: "offer" | "answer"): RTCSessionDescriptionInit {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AlertRunError("media/connect-failed", "Malformed session description.", error);
  }
  const p = parsed as { type?: unknown; sdp?: unknown } | null;
  if (!p || p.type !== type || typeof p.sdp !== "string") throw new AlertRunError("media/connect-failed", `Expected an ${type}.`);
  return { type, sdp: p.sdp };
}

export function peerConfig(config: DirectIceConfig): RTCConfiguration {
  return { iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy, bundlePolicy: "max-bundle" };
}
