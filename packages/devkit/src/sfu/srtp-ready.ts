import type { RTCPeerConnection } from "werift";

/**
 * Calls `listener` once, when a DTLS transport of `pc` is connected: its SRTP keys are set and
 * media can flow. werift reports the connection "connected" only once the data channels' SCTP
 * association is up as well, two more round trips through both event loops (15–80 ms in the
 * traced joins); a subscriber's first keyframe request should not wait for them.
 */
export function onSrtpReady(pc: RTCPeerConnection, listener: () => void): void {
  let fired = false;
  const fire = () => {
    if (fired) return;
    fired = true;
    listener();
  };
  const hooked = new WeakSet<object>();
  pc.connectionStateChange.subscribe((state) => {
    if (state === "connected") return fire();
    // werift announces "connecting" as its connect() begins, when the transports exist.
    if (state !== "connecting") return;
    for (const transport of pc.dtlsTransports) {
      if (hooked.has(transport)) continue;
      hooked.add(transport);
      if (transport.state === "connected") fire();
      else
        transport.onStateChange.subscribe((s) => {
          if (s === "connected") fire();
        });
    }
  });
}
