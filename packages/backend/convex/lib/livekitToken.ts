import { AccessToken } from "livekit-server-sdk";
import type { VideoGrant } from "livekit-server-sdk";
import { now } from "./clock";
import { livekitConfig, TOKEN_TTL_SEC } from "./config";

export type TokenResult = { url: string; token: string; expiresAt: number; room: string; identity: string };

/** Signs one LiveKit access token with the narrowest grant the caller passes. */
export async function mint(room: string, identity: string, name: string, grant: VideoGrant, ttlSec = TOKEN_TTL_SEC): Promise<TokenResult> {
  const { url, apiKey, apiSecret } = livekitConfig();
  const issuedAt = now();
  const token = new AccessToken(apiKey, apiSecret, { identity, name, ttl: ttlSec });
  token.addGrant(grant);
  return { url, token: await token.toJwt(), expiresAt: issuedAt + ttlSec * 1000, room, identity };
}
