import { afterEach, describe, expect, it, vi } from "vitest";
import { BROADCAST_TRANSITIONS, createBroadcastMachine } from "../../src/broadcast/broadcast-machine.js";
import { AlertRunError } from "../../src/errors.js";
import { VIEWER_TRANSITIONS, createViewerMachine } from "../../src/viewer/viewer-machine.js";

afterEach(() => vi.restoreAllMocks());

describe("broadcast machine", () => {
  it("runs idle → starting → live → ending → ended with a reason on each step", () => {
    const machine = createBroadcastMachine();
    const seen: string[] = [];
    machine.state.subscribe((s) => seen.push(`${s.name}:${s.reason}`));
    expect(machine.transition("starting", "alert requested")).toBe(true);
    expect(machine.transition("live", "alert created")).toBe(true);
    expect(machine.transition("ending", "ended by reporter")).toBe(true);
    expect(machine.transition("ended", "ended by reporter")).toBe(true);
    expect(seen).toEqual([
      "idle:not started",
      "starting:alert requested",
      "live:alert created",
      "ending:ended by reporter",
      "ended:ended by reporter",
    ]);
  });

  it("reaches error from every non-final state and carries the error", () => {
    for (const from of ["idle", "starting", "live", "ending"] as const) {
      expect(BROADCAST_TRANSITIONS[from]).toContain("error");
    }
    const machine = createBroadcastMachine();
    machine.transition("starting", "x");
    const error = new AlertRunError("backend/site-not-found", "no such site");
    machine.transition("error", "the alert could not be created", error);
    expect(machine.state.get()).toEqual({ name: "error", reason: "the alert could not be created", error });
  });

  it("ignores illegal transitions with a warning instead of throwing", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const machine = createBroadcastMachine();
    expect(() => machine.transition("live", "late reply")).not.toThrow();
    expect(machine.transition("ended", "late reply 2")).toBe(false);
    expect(machine.name).toBe("idle");
    expect(warn).toHaveBeenCalled();
  });

  it("ended is final", () => {
    expect(BROADCAST_TRANSITIONS.ended).toEqual([]);
  });

  it("explain() changes the reason but not the state", () => {
    const machine = createBroadcastMachine();
    machine.transition("starting", "alert requested");
    machine.explain("waiting for network");
    expect(machine.state.get()).toEqual({ name: "starting", reason: "waiting for network" });
  });
});

describe("viewer machine", () => {
  it("runs idle → waiting → connecting → live → reconnecting → live → ended", () => {
    const machine = createViewerMachine();
    for (const [to, reason] of [
      ["waiting", "waiting for the alert"],
      ["connecting", "joining the stream"],
      ["live", "receiving"],
      ["reconnecting", "lost"],
      ["live", "back"],
      ["ended", "alert ended"],
    ] as const) {
      expect(machine.transition(to, reason)).toBe(true);
    }
    expect(machine.state.get()).toEqual({ name: "ended", reason: "alert ended" });
  });

  it("lets `latest` move on from ended to the next alert, but not straight to live", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const machine = createViewerMachine();
    machine.transition("ended", "alert ended");
    expect(machine.transition("live", "x")).toBe(false);
    expect(machine.transition("waiting", "next alert")).toBe(true);
  });

  it("every state can reach error or is final-ish", () => {
    for (const [from, targets] of Object.entries(VIEWER_TRANSITIONS)) {
      if (from === "ended" || from === "error") continue;
      expect(targets).toContain("error");
      expect(targets).toContain("ended");
    }
  });
});
