import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor, type PageApi } from "./harness.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether video bytes still arrive: the count grows within `ms`. */
async function flowing(viewer: PageApi, ms = 1_000): Promise<boolean> {
  const before = (await viewer.videoReceived()).bytes;
  await sleep(ms);
  return (await viewer.videoReceived()).bytes > before;
}

/** Waits until video stops arriving (the SFU paused it) — a pause takes a moment to settle. */
async function waitStopped(viewer: PageApi, what: string): Promise<void> {
  await waitFor(what, async () => ((await flowing(viewer, 700)) ? null : true), 10_000, 0);
}

/** Waits until the picture moves again: new frames decoded and a different grab. */
async function waitMoving(viewer: PageApi, what: string): Promise<void> {
  const frames = (await viewer.videoReceived()).frames;
  await waitFor(what, async () => ((await viewer.videoReceived()).frames > frames + 5 ? true : null), 10_000);
  const first = await waitFor(`${what}: a grab`, () => viewer.grab(), 5_000);
  await waitFor(`${what}: a new frame`, async () => ((await viewer.grab()) !== first ? true : null), 5_000);
}

// UpdateTrackSettings from the real livekit-client: a disabled (or, with adaptive stream,
// hidden) track stops reaching the subscriber and comes back, from a keyframe, when re-enabled.
describe("dev SFU adaptive stream", () => {
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

  it("stops forwarding a disabled track and resumes it with a fresh picture", async () => {
    const room = "adaptive-room";
    const a = await openPage(browser, page.url);
    const b = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("alice", { room }), true);
    await b.api.connect(sfu.url, await mintToken("bob", { room, canPublish: false }), false);
    await waitFor("first frame on B", () => b.api.firstFrameMs(), 20_000);
    expect(await flowing(b.api)).toBe(true);

    await b.api.setVideoEnabled(false);
    await waitStopped(b.api, "video paused after setEnabled(false)");
    expect(await flowing(b.api, 1_500)).toBe(false);

    await b.api.setVideoEnabled(true);
    await waitMoving(b.api, "video resumed after setEnabled(true)");
    // Audio was never touched.
    const audio = await b.api.audioBytesReceived();
    await waitFor("audio still flowing", async () => ((await b.api.audioBytesReceived()) > audio ? true : null), 5_000);
    await Promise.all([a.api.leave(), b.api.leave()]);
  }, 90_000);

  it("with adaptiveStream, pauses a hidden video element's track and resumes it when shown", async () => {
    const room = "adaptive-visible-room";
    const a = await openPage(browser, page.url);
    const b = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("alice", { room }), true);
    await b.api.connect(sfu.url, await mintToken("bob", { room, canPublish: false }), false, undefined, { adaptiveStream: true });
    await waitFor("first frame on B", () => b.api.firstFrameMs(), 20_000);
    expect(await flowing(b.api)).toBe(true);

    await b.api.setVideoVisible(false);
    await waitStopped(b.api, "video paused while hidden");

    await b.api.setVideoVisible(true);
    await waitMoving(b.api, "video resumed when shown");
    await Promise.all([a.api.leave(), b.api.leave()]);
  }, 90_000);

  it("with dynacast, the publisher encodes only the layers its viewers need", async () => {
    const room = "dynacast-room";
    const a = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("alice", { room }), true, undefined, { dynacast: true });
    const encodings = () => a.api.localVideoEncodings();
    const active = async () => (await encodings()).filter((e) => e.endsWith(":on")).map((e) => e.split(":")[0]);
    await waitFor("simulcast encodings", async () => ((await encodings()).length > 1 ? true : null), 10_000);
    const rids = (await encodings()).map((e) => e.split(":")[0]);
    // Nobody watches: nothing is encoded.
    await waitFor("every layer off with no viewer", async () => ((await active()).length === 0 ? true : null), 10_000);

    // A viewer with a small element needs only the lowest layer.
    const b = await openPage(browser, page.url);
    await b.api.connect(sfu.url, await mintToken("bob", { room, canPublish: false }), false, undefined, { adaptiveStream: true });
    await waitFor("first frame on B", () => b.api.firstFrameMs(), 20_000);
    await b.api.setVideoSize(160, 90);
    await waitFor("only the lowest layer on", async () => ((await active()).join() === rids[0] ? true : null), 10_000);

    // A large element needs every layer.
    await b.api.setVideoSize(1920, 1080);
    await waitFor("every layer on", async () => ((await active()).length === rids.length ? true : null), 10_000);

    // The viewer leaves: nothing is encoded again.
    await b.api.leave();
    await waitFor("every layer off again", async () => ((await active()).length === 0 ? true : null), 10_000);
    await a.api.leave();
  }, 90_000);
});
