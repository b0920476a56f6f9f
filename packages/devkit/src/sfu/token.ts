import { AccessToken, TokenVerifier } from "livekit-server-sdk";
import { TrackSource } from "@livekit/protocol";
import { SfuError } from "./errors.js";

/** What a verified access token lets a participant do, already defaulted the way LiveKit defaults it. */
export interface Grants {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  room: string;
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
  /** Empty means every source is allowed. */
  canPublishSources: TrackSource[];
  hidden: boolean;
}

const SOURCE_BY_NAME: Record<string, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

interface VideoClaims {
  roomJoin?: boolean;
  room?: string;
  canPublish?: boolean;
  canSubscribe?: boolean;
  canPublishData?: boolean;
  canPublishSources?: string[];
  hidden?: boolean;
}

/**
 * Verifies an HS256 access token and its join grant. Failures carry LiveKit's HTTP status and
 * message wording ("invalid authorization token", "permissions denied") so the client surfaces
 * them as it would against LiveKit.
 */
export async function verifyJoinToken(
  token: string | null | undefined,
  apiKey: string,
  apiSecret: string,
): Promise<Grants> {
  if (!token) throw new SfuError("sfu/invalid-token", "invalid authorization token", 401);
  let claims: Record<string, unknown>;
  try {
    claims = (await new TokenVerifier(apiKey, apiSecret).verify(token)) as Record<string, unknown>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SfuError("sfu/invalid-token", `invalid token: ${reason}`, 401, { cause });
  }
  const video = (claims.video ?? {}) as VideoClaims;
  const identity = typeof claims.sub === "string" ? claims.sub : "";
  if (!video.roomJoin || !video.room || !identity) {
    throw new SfuError("sfu/permission-denied", "permissions denied", 401);
  }
  return {
    identity,
    name: typeof claims.name === "string" ? claims.name : "",
    metadata: typeof claims.metadata === "string" ? claims.metadata : "",
    attributes: (claims.attributes as Record<string, string> | undefined) ?? {},
    room: video.room,
    // LiveKit treats unset publish/subscribe grants as allowed.
    canPublish: video.canPublish ?? true,
    canSubscribe: video.canSubscribe ?? true,
    canPublishData: video.canPublishData ?? true,
    canPublishSources: (video.canPublishSources ?? [])
      .map((s) => SOURCE_BY_NAME[s.toLowerCase()])
      .filter((s): s is TrackSource => s !== undefined),
    hidden: video.hidden ?? false,
  };
}

/** True when the grant lets the participant publish a track from `source`. */
export function mayPublish(grants: Grants, source: TrackSource): boolean {
  if (!grants.canPublish) return false;
  return grants.canPublishSources.length === 0 || grants.canPublishSources.includes(source);
}

const NAME_BY_SOURCE = new Map(Object.entries(SOURCE_BY_NAME).map(([name, source]) => [source, name]));

/**
 * A fresh token with the same grants (LiveKit's `refresh_token`), which the client uses for later
 * full reconnects so a long session outlives its original token.
 */
export async function mintRefreshToken(grants: Grants, apiKey: string, apiSecret: string, ttlSeconds: number): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret, {
    identity: grants.identity,
    name: grants.name,
    metadata: grants.metadata,
    attributes: grants.attributes,
    ttl: ttlSeconds,
  });
  token.addGrant({
    roomJoin: true,
    room: grants.room,
    canPublish: grants.canPublish,
    canSubscribe: grants.canSubscribe,
    canPublishData: grants.canPublishData,
    canPublishSources: grants.canPublishSources.filter((s) => NAME_BY_SOURCE.has(s)),
    hidden: grants.hidden,
  });
  return token.toJwt();
}
