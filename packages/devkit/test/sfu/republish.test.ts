import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Socket as UdpSocket } from "node:dgram";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor } from "./harness.js";

// After a publisher's tracks went away, the SFU used to re-offer with their m-sections rejected
// (port 0) but still in the BUNDLE group. Chrome refused that description, livekit-client leaked a
// NegotiationError, and the viewer never got the next publisher's video.
describe("dev SFU when a publisher leaves and another arrives", () => {
  let sfu: DevSfu;
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    [sfu, browser, page] = await Promise.all([startDevSfu({ port: 0 }), launchBrowser(), servePage()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sfu?.close();
    await page?.close();
  });

  const udpSockets = () =>
    (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => h instanceof UdpSocket).length;

  it("the viewer renegotiates cleanly and plays the second publisher", async () => {
    const room = "republish-room";
    const viewer = await openPage(browser, page.url);
    const problems: string[] = [];
    viewer.page.on("pageerror", (e) => problems.push(String(e)));
    viewer.page.on("console", (m) => {
      if (/NegotiationError|should be rejected|setRemoteDescription/.test(m.text())) problems.push(m.text());
    });
    // The publisher is there first, so its tracks lead the viewer's first subscriber offer (mid 0
    // is a media section, the BUNDLE tag).
    const first = await openPage(browser, page.url);
    await first.api.connect(sfu.url, await mintToken("first", { room }), true);
    await viewer.api.connect(sfu.url, await mintToken("viewer", { room, canPublish: false }), false);
    await waitFor("first publisher's frame", () => viewer.api.firstFrameMs(), 20_000);
    await first.api.leave();
    await waitFor("first publisher gone", async () => !(await viewer.api.remoteIdentities()).includes("first"), 10_000);

    const second = await openPage(browser, page.url);
    await second.api.connect(sfu.url, await mintToken("second", { room }), true);
    await waitFor(
      "the second publisher's video subscribed",
      async () => (await viewer.api.events()).filter((e) => e === "subscribed:video").length >= 2 || null,
      20_000,
    );
    const a = await waitFor("a grab of the second video", () => viewer.api.grab(), 15_000);
    const b = await waitFor("a later grab", async () => {
      const g = await viewer.api.grab();
      return g && g !== a ? g : null;
    }, 10_000, 200);
    expect(b).not.toBe(a);
    expect(problems).toEqual([]);
    await Promise.all([viewer.api.leave(), second.api.leave()]);
  }, 90_000);

  // werift used to gather an ICE transport per m-section of the SFU's own offers and leave the
  // unused ones open: their UDP sockets outlived close() and kept test processes alive.
  it("closes every UDP socket it opened", async () => {
    await browser.close();
    await sfu.close();
    await waitFor("UDP sockets closed", async () => (udpSockets() === 0 ? true : null), 5_000, 100).catch(() => undefined);
    expect(udpSockets()).toBe(0);
  }, 20_000);
});
