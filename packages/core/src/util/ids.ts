/**
 * A random identifier of `bytes` bytes (default 16 = 128 bits) from the platform's CSPRNG, in
 * base64url without padding. Used for `clientRequestId` (which makes `alerts:start` idempotent:
 * guessing another press's id must be infeasible) and anonymous viewer ids.
 */
export function randomId(bytes = 16): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let binary = "";
  for (const byte of buffer) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
