import { describe, expect, it, vi } from "vitest";
import { derived, readonly, when, writable } from "../../src/util/store.js";

describe("writable", () => {
  it("calls a subscriber at once, then on each change", () => {
    const store = writable(1);
    const seen: number[] = [];
    const stop = store.subscribe((v) => seen.push(v));
    store.set(2);
    store.update((v) => v + 1);
    stop();
    store.set(4);
    expect(seen).toEqual([1, 2, 3]);
    expect(store.get()).toBe(4);
  });

  it("does not notify when the value is identical", () => {
    const store = writable("a");
    const fn = vi.fn();
    store.subscribe(fn);
    store.set("a");
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("isolates a throwing subscriber from the others and from the setter", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const store = writable(0);
    const good: number[] = [];
    store.subscribe((v) => {
      if (v > 0) throw new Error("host bug");
    });
    store.subscribe((v) => good.push(v));
    expect(() => store.set(1)).not.toThrow();
    expect(good).toEqual([0, 1]);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it("readonly hides set", () => {
    const store = readonly(writable(1));
    expect("set" in store).toBe(false);
    expect(store.get()).toBe(1);
  });
});

describe("derived", () => {
  it("maps values and follows changes while subscribed", () => {
    const source = writable(2);
    const doubled = derived(source, (v) => v * 2);
    expect(doubled.get()).toBe(4);
    const seen: number[] = [];
    const stop = doubled.subscribe((v) => seen.push(v));
    source.set(3);
    source.set(3);
    expect(seen).toEqual([4, 6]);
    stop();
    source.set(5);
    expect(seen).toEqual([4, 6]);
    expect(doubled.get()).toBe(10);
  });

  it("subscribes to the source only while it has subscribers", () => {
    const source = writable(0);
    const spy = vi.spyOn(source, "subscribe");
    const d = derived(source, (v) => v);
    const a = d.subscribe(() => undefined);
    const b = d.subscribe(() => undefined);
    expect(spy).toHaveBeenCalledTimes(1);
    a();
    b();
    d.subscribe(() => undefined);
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe("when", () => {
  it("resolves with the first matching value", async () => {
    const store = writable(0);
    const promise = when(store, (v) => v >= 2);
    store.set(1);
    store.set(2);
    store.set(3);
    await expect(promise).resolves.toBe(2);
  });

  it("resolves at once when the current value matches", async () => {
    await expect(when(writable("live"), (v) => v === "live")).resolves.toBe("live");
  });
});
