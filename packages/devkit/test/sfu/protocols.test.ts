import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor, type PageApi } from "./harness.js";

/** Moving video (two different grabs) and growing audio bytes on a viewer page. */
async function expectMedia(viewer: PageApi, label: string): Promise<void> {
  const ms = await waitFor(`first frame on ${label}`, () => viewer.firstFrameMs(), 20_000);
  console.log(`${label}: connect → first frame ${Math.round(ms)} ms`);
  const first = await waitFor(`a grab on ${label}`, () => viewer.grab(), 5_000);
  await waitFor(`a different grab on ${label}`, async () => ((await viewer.grab()) !== first ? true : null), 5_000);
  const bytes = await waitFor(`audio bytes on ${label}`, () => viewer.audioBytesReceived(), 10_000);
  await waitFor(`more audio bytes on ${label}`, async () => (await viewer.audioBytesReceived()) > bytes, 5_000);
}

// The current protocol (/rtc/v1, one peer connection) and the older one (/rtc, two) in one room.
describe("dev SFU with v0 and v1 clients together", () => {
  let sfu: DevSfu;
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };
  const paths: string[] = [];

  beforeAll(async () => {
    [sfu, browser, page] = await Promise.all([
      startDevSfu({ port: 0, onSignal: (e) => paths.push(`${e.identity}:${e.path}`) }),
      launchBrowser(),
      servePage(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sfu?.close();
    await page?.close();
  });

  it("forwards between a v0 and a v1 client both ways", async () => {
    const room = "mixed-room";
    const v0 = await openPage(browser, page.url);
    const v1 = await openPage(browser, page.url);
    await v0.api.connect(sfu.url, await mintToken("old", { room }), true, undefined, { singlePeerConnection: false });
    await v1.api.connect(sfu.url, await mintToken("new", { room }), true);
    await expectMedia(v1.api, "the v1 client");
    await expectMedia(v0.api, "the v0 client");
    // A v0 viewer is subscriber-primary: it never offers, the SFU's subscriber offer connects it.
    const viewer = await openPage(browser, page.url);
    await viewer.api.connect(sfu.url, await mintToken("old-viewer", { room, canPublish: false }), false, undefined, {
      singlePeerConnection: false,
    });
    await expectMedia(viewer.api, "the v0 viewer");
    expect(paths).toEqual(["old:/rtc", "new:/rtc/v1", "old-viewer:/rtc"]);
    await Promise.all([v0.api.leave(), v1.api.leave(), viewer.api.leave()]);
  }, 90_000);

  it("gives a v1 viewer more receive sections when its pre-created ones are used up", async () => {
    const room = "sections-room";
    const viewer = await openPage(browser, page.url);
    const pub = await openPage(browser, page.url);
    await viewer.api.connect(sfu.url, await mintToken("watcher", { room, canPublish: false }), false);
    await pub.api.connect(sfu.url, await mintToken("camera", { room }), true);
    await expectMedia(viewer.api, "the viewer");
    // Each republish is a new track, and a freed section is not reused: the 4th camera track
    // needs a 4th video section, which the SFU asks for with MediaSectionsRequirement.
    for (let i = 2; i <= 4; i++) {
      await pub.api.unpublishCamera();
      await waitFor(`camera ${i - 1} gone`, async () => !(await viewer.api.remoteTracks()).some((t) => t.startsWith("camera:video")), 10_000);
      expect(await pub.api.tryPublishCamera()).toBe("published");
      await waitFor(`camera ${i} subscribed`, async () => (await viewer.api.remoteTracks()).includes("camera:video:sub"), 15_000);
      const first = await waitFor(`camera ${i}: a picture`, () => viewer.api.grab(), 15_000);
      await waitFor(`camera ${i}: moving`, async () => ((await viewer.api.grab()) !== first ? true : null), 10_000);
    }
    await Promise.all([viewer.api.leave(), pub.api.leave()]);
  }, 120_000);
});
