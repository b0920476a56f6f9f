import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { startCollector } from "./collector.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor } from "./harness.js";

describe("dev SFU webhooks", () => {
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let sfu: DevSfu;

  beforeAll(async () => {
    collector = await startCollector();
    [sfu, browser, page] = await Promise.all([
      startDevSfu({ port: 0, webhookUrl: collector.url }),
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
