import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";

/** DER prefixes of an X25519 key (RFC 8410): PKCS#8 private, SPKI public; the raw 32 bytes follow. */
const PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b656e032100", "hex");

interface Nacl {
  scalarMult: (secretKey: Uint8Array, publicKey: Uint8Array) => Uint8Array;
  box: { keyPair: () => { secretKey: Uint8Array; publicKey: Uint8Array } };
}

let installed = false;

/**
 * Runs werift's X25519 (the key exchange browsers offer first in every DTLS handshake) on
 * node:crypto instead of `tweetnacl`'s pure JavaScript. werift calls `nacl.box.keyPair()` and
 * `nacl.scalarMult()` on the shared `tweetnacl` module for each handshake; in a process that does
 * few handshakes that code is seldom optimised, and the two calls cost the handshake about
 * 10–20 ms of the event loop, which every viewer join waits for. The results are identical
 * (same curve, same raw 32-byte keys). Idempotent.
 */
export function useNativeX25519(): void {
  if (installed) return;
  installed = true;
  let nacl: Nacl;
  try {
    // The instance werift imports: resolved from werift's own location.
    const fromWerift = createRequire(createRequire(import.meta.url).resolve("werift"));
    nacl = fromWerift("tweetnacl") as Nacl;
  } catch {
    return; // werift's layout changed: its own implementation keeps working
  }
  nacl.box.keyPair = () => {
    const { privateKey, publicKey } = generateKeyPairSync("x25519");
    return {
      secretKey: new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_PREFIX.length)),
      publicKey: new Uint8Array(publicKey.export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length)),
    };
  };
  nacl.scalarMult = (secretKey, publicKey) =>
    new Uint8Array(
      diffieHellman({
        privateKey: createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: "der", type: "pkcs8" }),
        publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" }),
      }),
    );
}
