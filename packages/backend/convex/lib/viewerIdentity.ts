/**
 * LiveKit identities of viewers: one per viewing session (a tab, an element), not one per viewer.
 * LiveKit lets a second connection with the same identity replace the first, so a shared identity
 * lets two tabs of one responder evict each other, and lets anyone who reuses a viewer id evict
 * that viewer. The suffix is minted here: HMAC(server secret, viewerId + session) when the client
 * names its session (stable across token refreshes, and unforgeable: the identity a room shows
 * does not reveal the session), else fresh randomness. Acks and presence stay keyed by viewer.
 */
import { ownerKeySecret, VIEWER_IDENTITY_PREFIX } from "./config";
import { fail } from "./errors";

const encoder = new TextEncoder();
const SESSION = /^[A-Za-z0-9_-]{16,64}$/;

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = "";
  for (const b of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function checkViewerSession(session: string): void {
  if (!SESSION.test(session)) fail("args/invalid", "session must be 16-64 characters of A-Z a-z 0-9 _ -.");
}

/** `viewer:<viewerId>#<suffix>`; `#` cannot occur in a viewer id, so the parts never blur. */
export async function viewerIdentity(viewerId: string, session: string | undefined): Promise<string> {
  let suffix: string;
  if (session) {
    const key = await crypto.subtle.importKey("raw", encoder.encode(ownerKeySecret()), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`viewer-identity\n${viewerId}\n${session}`));
    suffix = base64url(mac.slice(0, 12));
  } else {
    const nonce = new Uint8Array(12);
    crypto.getRandomValues(nonce);
    suffix = base64url(nonce);
  }
  return `${VIEWER_IDENTITY_PREFIX}${viewerId}#${suffix}`;
}
