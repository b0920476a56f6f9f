import { describe, expect, it } from "vitest";
import { ConnectionQuality } from "@livekit/protocol";
import { connectionQuality } from "../../src/sfu/quality.js";

describe("dev SFU connection quality", () => {
  it("scores by reported round-trip time, and silence as lost", () => {
    expect(connectionQuality(null, 0)).toBe(ConnectionQuality.EXCELLENT);
    expect(connectionQuality(20, 1_000)).toBe(ConnectionQuality.EXCELLENT);
    expect(connectionQuality(250, 1_000)).toBe(ConnectionQuality.GOOD);
    expect(connectionQuality(900, 1_000)).toBe(ConnectionQuality.POOR);
    expect(connectionQuality(20, 12_000)).toBe(ConnectionQuality.LOST);
  });
});
