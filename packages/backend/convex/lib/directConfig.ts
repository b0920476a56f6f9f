/**
 * Settings of the direct media path (issue 16), from Convex environment variables. Kept apart
 * from config.ts so the fallback's knobs read as one unit; docs/backend.md lists them.
 */
import { fail } from "./errors";

/** One RTCIceServer as the browser takes it. */
export type IceServer = { urls: string | string[]; username?: string; credential?: string };

export type DirectConfig = {
  iceServers: IceServer[];
  /** "relay" forces TURN, so responders never learn the reporter's own network address. */
  iceTransportPolicy: "all" | "relay";
};

/** A signalling row lives this long after its last write or renewal. */
export const DIRECT_PEER_TTL_MS = 90_000;
/** Largest SDP accepted (a two-track offer with a dozen candidates is about 6 KB). */
export const DIRECT_SDP_MAX_CHARS = 20_000;
/** Rows one alert may hold at once: responders asking, beyond the broadcaster's own cap. */
export const DIRECT_PEERS_PER_ALERT = 50;

function parseIceServers(raw: string): IceServer[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    fail("config/missing", "ALERTRUN_ICE_SERVERS must be a JSON array of RTCIceServer objects.");
  }
  if (!Array.isArray(parsed)) fail("config/missing", "ALERTRUN_ICE_SERVERS must be a JSON array.");
  return parsed.map((entry: unknown) => {
    const e = entry as Record<string, unknown> | null;
    const urls = e?.["urls"];
    const okUrls = typeof urls === "string" || (Array.isArray(urls) && urls.every((u) => typeof u === "string"));
    if (!e || !okUrls) fail("config/missing", "Each ALERTRUN_ICE_SERVERS entry needs `urls` (a string or strings).");
    const server: IceServer = { urls: urls as string | string[] };
    if (typeof e["username"] === "string") server.username = e["username"];
    if (typeof e["credential"] === "string") server.credential = e["credential"];
    return server;
  });
}

/**
 * ICE servers for direct connections. Unset means none: host candidates only, which is what the
 * devkit and tests use (loopback). A real deployment sets STUN, and TURN where reporters sit
 * behind symmetric NATs.
 */
export function directConfig(): DirectConfig {
  const raw = process.env["ALERTRUN_ICE_SERVERS"];
  const policy = process.env["ALERTRUN_ICE_TRANSPORT_POLICY"];
  return {
    iceServers: raw === undefined || raw.trim() === "" ? [] : parseIceServers(raw),
    iceTransportPolicy: policy === "relay" ? "relay" : "all",
  };
}
