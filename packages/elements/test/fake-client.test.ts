// States that are hard to reach through the real stack, driven by a fake client given through
// the `client` property: feed ordering and live updates, many alerts on the map, error states
// from core. The real-stack tests (alert-feed.test.ts, alert-map.test.ts) cover the wiring.
import type { AlertRunClient, AlertSummary, Loadable } from "@alertrun/core";
import { AlertRunError, writable, type WritableStore } from "@alertrun/core";
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import type { AlertFeed, AlertMap } from "../src/index.js";
import { inner, nextEvent, until, untilState } from "./helpers.js";

const T0 = Date.parse("2026-01-01T12:00:00Z");

function summary(alertId: string, startedAt: number, extra: Partial<AlertSummary> = {}): AlertSummary {
  return {
    alertId,
    site: "demo",
    category: "medical",
    status: "active",
    startedAt,
    endedAt: null,
    endReason: null,
    location: { lat: 40.7128 + startedAt / 1e9, lng: -74.006, accuracy: 10, heading: null, at: startedAt },
    acks: { seen: 0, on_my_way: 0, called_emergency_services: 0 },
    viewerCount: 0,
    streamStatus: "live",
    mediaPath: "sfu",
    ...extra,
  };
}

/** Just enough of AlertRunClient for the feed and the map. */
function fakeClient(list: WritableStore<Loadable<AlertSummary[]>>): AlertRunClient {
  const trails = writable(new Map());
  return {
    connection: writable("connected"),
    activeAlerts: () => ({ get: list.get, subscribe: list.subscribe, dispose: () => undefined }),
    trailsOf: () => ({ get: trails.get, subscribe: trails.subscribe, dispose: () => undefined }),
  } as unknown as AlertRunClient;
}

const ids = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>("[part~='item']")].map((i) => i.dataset["alertId"]);

describe("with a fake client", () => {
  afterEach(() => fixtureCleanup());

  it("<alert-feed> lists newest first and follows additions and removals", async () => {
    const list = writable<Loadable<AlertSummary[]>>({ status: "loading" });
    const feed = await fixture<AlertFeed>(html`<alert-feed .client=${fakeClient(list)}></alert-feed>`);
    expect(feed.getAttribute("state")).to.equal("loading");
    list.set({ status: "ready", value: [summary("b", T0 + 2_000), summary("a", T0 + 1_000), summary("c", T0 + 3_000)] });
    await untilState(feed, "ready");
    await until(() => ids(feed).length === 3, "three items");
    expect(ids(feed)).to.deep.equal(["c", "b", "a"]);
    list.set({ status: "ready", value: [summary("b", T0 + 2_000), summary("d", T0 + 4_000), summary("c", T0 + 3_000)] });
    await until(() => ids(feed).join() === "d,c,b", "d added on top, a removed");
  });

  it("<alert-feed> shows core's error in place with its code, and recovers", async () => {
    const list = writable<Loadable<AlertSummary[]>>({ status: "loading" });
    const feed = await fixture<AlertFeed>(html`<alert-feed .client=${fakeClient(list)}></alert-feed>`);
    const error = nextEvent<CustomEvent>(feed, "alert-error");
    list.set({ status: "error", error: new AlertRunError("rate-limited", "Too many requests.") });
    expect((await error).detail.code).to.equal("rate-limited");
    await untilState(feed, "error");
    expect(inner(feed, "[part~='error']")?.getAttribute("role")).to.equal("alert");
    list.set({ status: "ready", value: [summary("a", T0)] });
    await untilState(feed, "ready");
  });

  it("<alert-map> shows 150 alerts at once", async () => {
    const many = Array.from({ length: 150 }, (_, i) => summary(`a${i}`, T0 + i * 1_000));
    const list = writable<Loadable<AlertSummary[]>>({ status: "ready", value: many });
    const map = await fixture<AlertMap>(html`<alert-map tile-url="none" .client=${fakeClient(list)} style="height: 300px"></alert-map>`);
    await untilState(map, "ready");
    await until(() => ids(map).length === 150, "150 items in the map's list");
    expect(ids(map)[0]).to.equal("a149");
  });
});
