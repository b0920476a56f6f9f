import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { WebhookReceiver, type WebhookEvent } from "livekit-server-sdk";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { API_KEY, API_SECRET, launchBrowser, mintToken, openPage, servePage, waitFor } from "./harness.js";

interface Delivery {
  contentType: string | undefined;
  event: WebhookEvent;
}

/** A stand-in for the backend's /livekit/webhook: verifies each delivery as a LiveKit receiver would. */
async function startCollector(): Promise<{ url: string; deliveries: Delivery[]; rejected: string[]; close(): Promise<void> }> {
  const receiver = new WebhookReceiver(API_KEY, API_SECRET);
  const deliveries: Delivery[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      receiver
        .receive(body, req.headers.authorization)
        .then((event) => {
          deliveries.push({ contentType: req.headers["content-type"], event });
          res.writeHead(200).end();
        })
        .catch((error: Error) => {
          rejected.push(error.message);
          res.writeHead(401).end();
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/livekit/webhook`,
    deliveries,
    rejected,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

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
