import { describe, expect, it } from "vitest";
import { QualityLadder } from "../../src/media/quality-ladder.js";

describe("QualityLadder", () => {
  it("keeps video through short dips", () => {
    const ladder = new QualityLadder({ pauseAfterMs: 8_000 });
    expect(ladder.update("poor", 0)).toEqual({ videoEnabled: true, recheckAtMs: 8_000 });
    expect(ladder.update("good", 3_000)).toEqual({ videoEnabled: true, recheckAtMs: null });
    expect(ladder.update("poor", 4_000)).toEqual({ videoEnabled: true, recheckAtMs: 12_000 });
  });

  it("pauses video after a long poor spell and resumes after a longer good one", () => {
    const ladder = new QualityLadder({ pauseAfterMs: 8_000, resumeAfterMs: 15_000 });
    ladder.update("poor", 0);
    expect(ladder.update("lost", 8_000).videoEnabled).toBe(false);
    expect(ladder.update("good", 9_000)).toEqual({ videoEnabled: false, recheckAtMs: 24_000 });
    expect(ladder.update("excellent", 20_000).videoEnabled).toBe(false);
    expect(ladder.update("excellent", 24_000).videoEnabled).toBe(true);
  });

  it("ignores unknown quality", () => {
    const ladder = new QualityLadder();
    expect(ladder.update("unknown", 0)).toEqual({ videoEnabled: true, recheckAtMs: null });
  });
});
