// newRoom/releaseRoom work around livekit-client keeping every Room alive (its devicechange
// listener and its FinalizationRegistry entry both hold the Room). A stand-in Room class that
// registers the way livekit-client 2.23 does shows both paths are cut.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { newRoom, releaseRoom } from "../../src/media/room-release.js";

let devices: EventTarget;
beforeEach(() => {
  devices = new EventTarget();
  vi.stubGlobal("navigator", { mediaDevices: devices });
});
afterEach(() => vi.unstubAllGlobals());

class FakeRoom {
  static cleanupRegistry: { register(target: object, held: unknown): void } | false = { register: vi.fn() };
  changes = 0;
  constructor() {
    const controller = new AbortController();
    if (FakeRoom.cleanupRegistry) FakeRoom.cleanupRegistry.register(this, () => controller.abort());
    devices.addEventListener("devicechange", () => this.changes++, { signal: controller.signal });
  }
}

describe("newRoom / releaseRoom", () => {
  it("keeps the Room out of the static registry and removes its listener on release", () => {
    const real = FakeRoom.cleanupRegistry as { register: ReturnType<typeof vi.fn> };
    const room = newRoom(FakeRoom, () => new FakeRoom());
    expect(real.register).not.toHaveBeenCalled();
    expect(FakeRoom.cleanupRegistry).toBe(real); // restored after construction
    expect(Object.prototype.hasOwnProperty.call(devices, "addEventListener")).toBe(false);
    devices.dispatchEvent(new Event("devicechange"));
    expect(room.changes).toBe(1);
    releaseRoom(room);
    devices.dispatchEvent(new Event("devicechange"));
    expect(room.changes).toBe(1);
  });

  it("constructs normally where there is nothing to work around", () => {
    vi.stubGlobal("navigator", undefined);
    const room = newRoom(FakeRoom, () => ({ plain: true }));
    expect(room).toEqual({ plain: true });
    releaseRoom(room);
  });
});
