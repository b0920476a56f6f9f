// The hold gesture on its own (alert-button/hold-controller.ts), with a bare controller host and a
// fake client whose `holdAlert` records what happens to the warm-up. The real camera and room are
// covered by alert-button.test.ts against the local stack.
import { expect } from "@open-wc/testing";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AlertHold, AlertRunClient } from "@alertrun/core";
import { HoldController, type HoldSettings } from "../src/alert-button/hold-controller.js";
import { until } from "./helpers.js";

class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  readonly updateComplete = Promise.resolve(true);
}

interface Recorded {
  holds: number;
  cancelled: number;
  prefetches: number;
  announced: string[];
  completed: (AlertHold | null)[];
}

function setup(duration: number, overrides: Partial<HoldSettings> = {}) {
  const rec: Recorded = { holds: 0, cancelled: 0, prefetches: 0, announced: [], completed: [] };
  const client = {
    prefetchMedia: () => {
      rec.prefetches++;
      return Promise.resolve();
    },
    holdAlert: () => {
      rec.holds++;
      return { cancel: () => rec.cancelled++, complete: () => null } as unknown as AlertHold;
    },
  } as unknown as AlertRunClient;
  const host = new Host();
  const gesture = new HoldController(host, {
    duration: () => duration,
    canBegin: () => true,
    client: () => client,
    alertOptions: () => ({ video: true, audio: true, location: true }),
    quiet: () => true,
    guard: (fn) => (...args) => void fn(...args),
    announce: (key) => rec.announced.push(key),
    onComplete: (held) => rec.completed.push(held),
    ...overrides,
  });
  // A real button to dispatch pointer and keyboard events on.
  const button = document.createElement("button");
  button.addEventListener("pointerdown", gesture.onPointerDown);
  button.addEventListener("pointerup", gesture.onPointerUp);
  button.addEventListener("keydown", gesture.onKeyDown);
  button.addEventListener("keyup", gesture.onKeyUp);
  document.body.append(button);
  return { rec, host, gesture, button };
}

const key = (type: "keydown" | "keyup", k: string, repeat = false) =>
  new KeyboardEvent(type, { key: k, repeat, bubbles: true, cancelable: true });
const pointer = (type: string, button = 0) => new PointerEvent(type, { pointerType: "mouse", button, bubbles: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("HoldController", () => {
  afterEach(() => document.querySelectorAll("body > button").forEach((b) => b.remove()));

  it("early release cancels the warm-up, completes nothing and says so", async () => {
    const { rec, gesture, button } = setup(5_000);
    button.dispatchEvent(pointer("pointerdown"));
    expect(gesture.holding).to.equal(true);
    expect(rec.holds).to.equal(1);
    expect(rec.prefetches).to.equal(1);
    button.dispatchEvent(pointer("pointerup"));
    expect(gesture.holding).to.equal(false);
    expect(gesture.progress).to.equal(0);
    expect(rec.cancelled).to.equal(1);
    expect(rec.announced).to.deep.equal(["keepHolding", "releasedEarly"]);
    await sleep(50);
    expect(rec.completed).to.have.length(0);
  });

  it("completes after the hold with the warm-up handed over, not cancelled", async () => {
    const { rec, gesture, button } = setup(150);
    button.dispatchEvent(pointer("pointerdown"));
    await until(() => rec.completed.length === 1, "hold completed", 5_000);
    expect(rec.completed[0]).to.not.equal(null);
    expect(rec.cancelled).to.equal(0);
    expect(gesture.holding).to.equal(false);
    expect(rec.announced).to.deep.equal(["keepHolding", "sendingAlert"]);
    // A release after completion changes nothing.
    button.dispatchEvent(pointer("pointerup"));
    expect(rec.cancelled).to.equal(0);
  });

  it("draws progress from 0 towards 1 while held, and resets it on release", async () => {
    const { gesture, host, button } = setup(10_000);
    button.dispatchEvent(pointer("pointerdown"));
    const before = host.updates;
    const first = await until(() => gesture.progress > 0 && gesture.progress, "progress starts", 5_000);
    const later = await until(() => gesture.progress > first && gesture.progress, "progress grows", 5_000);
    expect(later).to.be.below(1);
    expect(host.updates).to.be.above(before);
    gesture.release();
    expect(gesture.progress).to.equal(0);
  });

  it("holds with Space or Enter: repeats are ignored, the native click is suppressed, release cancels", async () => {
    const { rec, gesture, button } = setup(5_000);
    const down = key("keydown", " ");
    button.dispatchEvent(down);
    expect(down.defaultPrevented).to.equal(true);
    expect(gesture.holding).to.equal(true);
    button.dispatchEvent(key("keydown", " ", true));
    expect(rec.holds).to.equal(1);
    const up = key("keyup", " ");
    button.dispatchEvent(up);
    expect(up.defaultPrevented).to.equal(true);
    expect(gesture.holding).to.equal(false);
    expect(rec.cancelled).to.equal(1);

    button.dispatchEvent(key("keydown", "Enter"));
    expect(gesture.holding).to.equal(true);
    gesture.release();
    // Other keys neither begin nor end a hold.
    const other = key("keydown", "a");
    button.dispatchEvent(other);
    expect(other.defaultPrevented).to.equal(false);
    expect(gesture.holding).to.equal(false);
  });

  it("ignores the secondary mouse button and presses while the element is busy", () => {
    const busy = setup(5_000, { canBegin: () => false });
    busy.button.dispatchEvent(pointer("pointerdown"));
    expect(busy.gesture.holding).to.equal(false);
    expect(busy.rec.holds).to.equal(0);
    const right = setup(5_000);
    right.button.dispatchEvent(pointer("pointerdown", 2));
    expect(right.gesture.holding).to.equal(false);
  });

  it("hold=0 completes on press without a warm-up", () => {
    const { rec, gesture, button } = setup(0);
    button.dispatchEvent(pointer("pointerdown"));
    expect(rec.completed).to.deep.equal([null]);
    expect(rec.holds).to.equal(0);
    expect(gesture.holding).to.equal(false);
  });

  it("cancels the hold and its warm-up when the host is disconnected", async () => {
    const { rec, gesture, host, button } = setup(150);
    button.dispatchEvent(pointer("pointerdown"));
    host.controllers.forEach((c) => c.hostDisconnected?.());
    expect(gesture.holding).to.equal(false);
    expect(rec.cancelled).to.equal(1);
    await sleep(300);
    expect(rec.completed).to.have.length(0);
  });
});
