import { describe, expect, it } from "vitest";
import { followTrails } from "../../src/feeds/trails.js";
import type { TrailPoint } from "../../src/types.js";
import type { Loadable } from "../../src/util/loadable.js";
import { writable, type WritableStore } from "../../src/util/store.js";

const point = (lat: number): TrailPoint => ({ lat, lng: 0, accuracy: 5, heading: null, at: lat });

function harness() {
  const list = writable<Loadable<{ alertId: string }[]>>({ status: "loading" });
  const opened = new Map<string, { store: WritableStore<Loadable<TrailPoint[]>>; disposed: boolean }>();
  const open = (id: string) => {
    const store = writable<Loadable<TrailPoint[]>>({ status: "loading" });
    const record = { store, disposed: false };
    opened.set(id, record);
    return { get: store.get, subscribe: store.subscribe, dispose: () => void (record.disposed = true) };
  };
  return { list, opened, trails: followTrails(list, open) };
}

describe("followTrails", () => {
  it("opens one trail per listed alert and gathers them by id", () => {
    const { list, opened, trails } = harness();
    list.set({ status: "ready", value: [{ alertId: "a" }, { alertId: "b" }] });
    expect([...opened.keys()]).toEqual(["a", "b"]);
    opened.get("a")!.store.set({ status: "ready", value: [point(1), point(2)] });
    opened.get("b")!.store.set({ status: "ready", value: [point(3)] });
    expect(trails.get().get("a")).toEqual([point(1), point(2)]);
    expect(trails.get().get("b")).toEqual([point(3)]);
  });

  it("closes the trail of an alert that leaves the list, and keeps trails while the list reloads", () => {
    const { list, opened, trails } = harness();
    list.set({ status: "ready", value: [{ alertId: "a" }, { alertId: "b" }] });
    opened.get("a")!.store.set({ status: "ready", value: [point(1)] });
    list.set({ status: "loading" });
    expect(trails.get().has("a")).toBe(true);
    list.set({ status: "ready", value: [{ alertId: "b" }] });
    expect(opened.get("a")!.disposed).toBe(true);
    expect(opened.get("b")!.disposed).toBe(false);
    expect(trails.get().has("a")).toBe(false);
    // A late answer for a closed trail is ignored.
    opened.get("a")!.store.set({ status: "ready", value: [point(9)] });
    expect(trails.get().has("a")).toBe(false);
  });

  it("scales to many alerts without reopening the ones it has", () => {
    const { list, opened } = harness();
    const many = Array.from({ length: 200 }, (_, i) => ({ alertId: `a${i}` }));
    list.set({ status: "ready", value: many });
    list.set({ status: "ready", value: [...many, { alertId: "new" }] });
    expect(opened.size).toBe(201);
  });

  it("dispose closes every trail and stops following the list", () => {
    const { list, opened, trails } = harness();
    list.set({ status: "ready", value: [{ alertId: "a" }] });
    trails.dispose();
    expect(opened.get("a")!.disposed).toBe(true);
    list.set({ status: "ready", value: [{ alertId: "b" }] });
    expect(opened.has("b")).toBe(false);
  });
});
