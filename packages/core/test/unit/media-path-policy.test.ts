import { describe, expect, it } from "vitest";
import { DIRECT_FALLBACK_AFTER_MS, MediaPathPolicy } from "../../src/direct/media-path-policy.js";
import { VIEWER_TRANSITIONS } from "../../src/viewer/viewer-machine.js";

describe("MediaPathPolicy (issue 16)", () => {
  it("stays on the SFU through a short outage and goes direct once it lasts", () => {
    const policy = new MediaPathPolicy(3_000);
    expect(policy.update("connecting", 0)).toEqual({ path: "sfu", recheckAtMs: 3_000 });
    expect(policy.update("connected", 500)).toEqual({ path: "sfu", recheckAtMs: null });
    expect(policy.update("reconnecting", 10_000)).toEqual({ path: "sfu", recheckAtMs: 13_000 });
    expect(policy.update("reconnecting", 12_999).path).toBe("sfu");
    expect(policy.update("reconnecting", 13_000)).toEqual({ path: "direct", recheckAtMs: null });
    // Still down: stays direct; a poor link to a reachable server is the SFU again.
    expect(policy.update("disconnected", 20_000).path).toBe("direct");
    expect(policy.update("poor", 21_000)).toEqual({ path: "sfu", recheckAtMs: null });
  });

  it("goes direct at once when the very first connect attempt failed (SFU down before the press)", () => {
    const policy = new MediaPathPolicy(3_000);
    expect(policy.update("idle", 0).path).toBe("sfu");
    expect(policy.update("connecting", 10).path).toBe("sfu");
    expect(policy.update("reconnecting", 600)).toEqual({ path: "direct", recheckAtMs: null });
    expect(policy.update("connected", 5_000).path).toBe("sfu");
  });

  it("after a connection, a failed attempt alone is not enough: the outage must last", () => {
    const policy = new MediaPathPolicy(3_000);
    policy.update("connected", 0);
    expect(policy.update("reconnecting", 100).path).toBe("sfu");
    expect(policy.update("connecting", 1_000).path).toBe("sfu");
    expect(policy.update("reconnecting", 3_100).path).toBe("direct");
  });

  it("defaults to a 3 s threshold", () => {
    expect(DIRECT_FALLBACK_AFTER_MS).toBe(3_000);
    const policy = new MediaPathPolicy();
    policy.update("connected", 0);
    expect(policy.update("reconnecting", 1).recheckAtMs).toBe(3_001);
  });
});

describe("viewer machine: unavailable (issue 16)", () => {
  it("is reachable from every watching state and left for any of them", () => {
    for (const from of ["waiting", "connecting", "live", "reconnecting"] as const) expect(VIEWER_TRANSITIONS[from]).toContain("unavailable");
    expect(VIEWER_TRANSITIONS.unavailable).toEqual(expect.arrayContaining(["live", "connecting", "waiting", "ended", "error"]));
  });
});
