import { ConnectionQuality } from "@livekit/protocol";

/**
 * A participant's connection quality as the dev SFU reports it: from the round-trip time the
 * client measures and reports with every ping, and from how long it has been silent. LiveKit
 * scores packet loss and jitter too; on loopback those are zero, so RTT and silence are what move.
 */
export function connectionQuality(rttMs: number | null, silentMs: number): ConnectionQuality {
  if (silentMs > 10_000) return ConnectionQuality.LOST;
  if (rttMs === null || rttMs < 150) return ConnectionQuality.EXCELLENT;
  if (rttMs < 400) return ConnectionQuality.GOOD;
  return ConnectionQuality.POOR;
}
