/**
 * Owner keys: the secret that lets an anonymous reporter end their alert, move its location and
 * upload clips.
 *
 * The key is derived, not random: HMAC-SHA256(server secret, site + clientRequestId). That lets
 * `alerts:start` hand back the same key for a retried press while the database holds only
 * SHA-256(key). Anyone who knows a clientRequestId can therefore recover the key, so clients must
 * treat the clientRequestId as secret too; we require it to be high-entropy, and the database
 * stores only a keyed hash of it (`requestHash`), so reading the database yields neither.
 */
import { ownerKeySecret } from "./config";

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function hmac(message: string): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(ownerKeySecret()),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return crypto.subtle.sign("HMAC", key, encoder.encode(message));
}

export async function deriveOwnerKey(site: string, clientRequestId: string): Promise<string> {
  // The separator cannot occur in a site slug or a clientRequestId, so pairs never collide.
  return base64url(await hmac(`owner\n${site}\n${clientRequestId}`));
}

/**
 * The idempotency key stored on an alert: HMAC-SHA256(server secret, site + clientRequestId), hex.
 * Keyed, so a database reader cannot test guesses; distinct from the owner key's derivation (a
 * different label), so the stored value is not the key either.
 */
export async function requestHash(site: string, clientRequestId: string): Promise<string> {
  return hex(await hmac(`request\n${site}\n${clientRequestId}`));
}

export async function hashOwnerKey(ownerKey: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(ownerKey)));
}

/** Compares two equal-length hex digests without an early exit. */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * An unguessable LiveKit room name: 128 bits of HMAC over fresh randomness and the request. The
 * server secret in the mix keeps the name unguessable even if a runtime seeds its random generator
 * predictably (Convex makes randomness in mutations deterministic per execution).
 */
export async function roomName(site: string, clientRequestId: string): Promise<string> {
  const nonce = new Uint8Array(16);
  crypto.getRandomValues(nonce);
  const mac = await hmac(`room\n${base64url(nonce.buffer)}\n${site}\n${clientRequestId}`);
  return "ar_" + base64url(mac.slice(0, 16));
}
