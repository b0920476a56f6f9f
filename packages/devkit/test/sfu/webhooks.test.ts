import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { LeaveRequest } from "@livekit/protocol";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { startCollector } from "./collector.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor } from "./harness.js";
import { RawSignalClient } from "./signal-client.js";

const DEPARTURE_MS = 1_000;

describe("dev SFU webhooks", () => {
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let sfu: DevSfu;

  beforeAll(async () => {
    collector = await startCollector();
    [sfu, browser, page] = await Promise.all([
      startDevSfu({ port: 0, webhookUrl: collector.url, departureTimeoutMs: DEPARTURE_MS }),
      launchBrowser(),
      servePage(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sfu?.close();
    await page?.close();
    await collector?.close();
  });

  it("posts signed LiveKit webhooks for a room's life, in order", async () => {
    const a = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("hooked", { room: "hook-room" }), true);
    await waitFor("two track_published", async () => collector.deliveries.filter((d) => d.event.event === "track_published").length === 2, 15_000);
    await a.api.leave();
    await waitFor("room_finished", async () => collector.deliveries.some((d) => d.event.event === "room_finished"), 10_000);

    expect(collector.rejected).toEqual([]);
    const names = collector.deliveries.map((d) => d.event.event);
    expect(names).toEqual([
      "room_started",
      "participant_joined",
      "track_published",
      "track_published",
      "track_unpublished",
      "track_unpublished",
      "participant_left",
      "room_finished",
    ]);
    for (const d of collector.deliveries) {
      expect(d.contentType).toBe("application/webhook+json");
      expect(d.event.room?.name).toBe("hook-room");
      expect(d.event.id).toMatch(/^EV_/);
    }
    const published = collector.deliveries.filter((d) => d.event.event === "track_published");
    expect(published.map((d) => d.event.track?.type).sort()).toEqual([0, 1]);
    expect(published.every((d) => d.event.participant?.identity === "hooked")).toBe(true);
  }, 60_000);

  it("posts participant_joined when the participant becomes active, and room_finished after the departure timeout", async () => {
    const room = "timing-room";
    const seen = (name: string, identity?: string) =>
      collector.deliveries.some((d) => d.event.room?.name === room && d.event.event === name && (!identity || d.event.participant?.identity === identity));
    // Signaling alone is not "active": no participant_joined for a client that never connects media.
    const raw = await RawSignalClient.connect(sfu.url, await mintToken("signal-only", { room }));
    await raw.next("join", (m) => (m.message.case === "join" ? true : undefined));
    const a = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("media", { room }), false);
    await waitFor("participant_joined for the connected one", async () => seen("participant_joined", "media"), 10_000);
    expect(seen("participant_joined", "signal-only")).toBe(false);
    // It leaves (socket gone, no resume): participant_left, without a join, after the departure timeout.
    raw.close();
    await waitFor("participant_left for the signal-only one", async () => seen("participant_left", "signal-only"), 10_000);

    // The last one leaves: the room stays for the departure timeout, then finishes.
    await a.api.leave();
    await waitFor("participant_left", async () => seen("participant_left", "media"), 10_000);
    const leftAt = Date.now();
    expect(seen("room_finished")).toBe(false);
    await waitFor("room_finished", async () => seen("room_finished"), 10_000, 50);
    expect(Date.now() - leftAt).toBeGreaterThanOrEqual(DEPARTURE_MS / 2);
  }, 60_000);

  it("keeps a room whose last participant comes back within the departure timeout", async () => {
    const room = "comeback-room";
    const first = await RawSignalClient.connect(sfu.url, await mintToken("first", { room }));
    const join1 = await first.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
    first.send({ case: "leave", value: new LeaveRequest({}) });
    await first.waitClosed();
    const second = await RawSignalClient.connect(sfu.url, await mintToken("second", { room }));
    const join2 = await second.next("join", (m) => (m.message.case === "join" ? m.message.value : undefined));
    expect(join2.room?.sid).toBe(join1.room?.sid);
    await new Promise((r) => setTimeout(r, DEPARTURE_MS * 1.5));
    expect(collector.deliveries.some((d) => d.event.room?.name === room && d.event.event === "room_finished")).toBe(false);
    second.close();
  }, 30_000);

  it("keeps serving when the webhook URL is unreachable", async () => {
    const logs: string[] = [];
    const lonely = await startDevSfu({ port: 0, webhookUrl: "http://127.0.0.1:9/unreachable", log: (m) => logs.push(m) });
    try {
      const a = await openPage(browser, page.url);
      await a.api.connect(lonely.url, await mintToken("solo", { room: "no-hooks" }), false);
      await a.api.leave();
      await waitFor("a logged webhook failure", async () => logs.some((l) => l.includes("webhook")), 10_000);
    } finally {
      await lonely.close();
    }
  }, 30_000);
});
