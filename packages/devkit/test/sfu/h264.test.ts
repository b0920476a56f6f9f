import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor } from "./harness.js";

describe("dev SFU H.264", () => {
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

  it("forwards H.264 when the publisher chooses it", async () => {
    const a = await openPage(browser, page.url);
    const b = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("h264-pub", { room: "h264" }), true, "h264");
    await b.api.connect(sfu.url, await mintToken("h264-sub", { room: "h264", canPublish: false }), false);
    await waitFor("first frame", () => b.api.firstFrameMs(), 20_000);
    const codec = await waitFor("codec", () => a.api.localVideoCodec(), 5_000);
    console.log(`publisher sends ${codec}`);
    const first = await waitFor("grab", () => b.api.grab(), 5_000);
    await new Promise((r) => setTimeout(r, 700));
    expect(await b.api.grab()).not.toBe(first);
    expect(codec.toLowerCase()).toBe("video/h264");
  }, 60_000);
});
