import { RTCCertificate } from "werift";

let installed = false;

/**
 * Computes each DTLS certificate's fingerprint once. werift parses the certificate's PEM and
 * hashes it again for every SDP it writes (each answer, each renegotiation), a few milliseconds
 * of the event loop per description on a join's path; the SFU uses one certificate for its whole
 * life. Callers get a fresh array of the same fingerprints each time. Idempotent.
 */
export function cacheCertificateFingerprints(): void {
  if (installed) return;
  installed = true;
  const compute = RTCCertificate.prototype.getFingerprints;
  const known = new WeakMap<RTCCertificate, ReturnType<typeof compute>>();
  RTCCertificate.prototype.getFingerprints = function (this: RTCCertificate) {
    let fingerprints = known.get(this);
    if (!fingerprints) {
      fingerprints = compute.call(this);
      known.set(this, fingerprints);
    }
    return [...fingerprints];
  };
}
