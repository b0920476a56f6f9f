import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { AccessToken } from "livekit-server-sdk";
import { launchBrowser, mintToken, openPage, pageConsole, servePage, waitFor } from "./harness.js";

// Real livekit-client in headless Chromium (fake camera + microphone) through the dev SFU.
describe("dev SFU media", () => {
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

  it("forwards camera and microphone from one browser to another, and a late viewer gets a picture at once", async () => {
    const room = "media-room";
    const a = await openPage(browser, page.url);
    const b = await openPage(browser, page.url);
    // B is there first: A's tracks reach it through a renegotiation of its subscriber connection.
    await b.api.connect(sfu.url, await mintToken("bob", { room, canPublish: false }), false);
    await a.api.connect(sfu.url, await mintToken("alice", { room }), true);

    // B plays moving video: two grabs of the decoded picture differ.
    await waitFor("first frame on B", () => b.api.firstFrameMs(), 20_000);
    const first = await waitFor("a grab", () => b.api.grab(), 5_000);
    await new Promise((r) => setTimeout(r, 700));
    const second = await waitFor("a second grab", () => b.api.grab(), 5_000);
    expect(second).not.toBe(first);

    // B receives audio: the track is there and its byte count grows.
    const bytes1 = await waitFor("audio bytes", () => b.api.audioBytesReceived(), 10_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(await b.api.audioBytesReceived()).toBeGreaterThan(bytes1);

    // B started on the lowest simulcast layer; it moves up once a higher one flows.
    const upgraded = await waitFor(
      "a layer above q on B",
      async () => {
        const g = await b.api.grab();
        return g && Number(g.split("x")[0]) > 320 ? g : null;
      },
      20_000,
      250,
    );
    console.log(`B switched up to ${upgraded.split(":")[0]}`);

    // A subscribe-only token cannot publish (the client refuses from the join permissions).
    expect(await b.api.tryPublishCamera()).toMatch(/insufficient permissions/);

    // Data: A's reliable packet reaches B, stamped with A's identity.
    await a.api.sendData("hello from alice");
    await waitFor("data on B", async () => (await b.api.dataReceived()).includes("alice:hello from alice"), 10_000);

    // A late viewer: the SFU asks the publisher for a keyframe when it connects.
    const c = await openPage(browser, page.url);
    await c.api.connect(sfu.url, await mintToken("carol", { room, canPublish: false }), false);
    const lateMs = await waitFor("first frame on the late viewer", () => c.api.firstFrameMs(), 10_000);
    console.log(`late viewer: connect → first decoded frame ${Math.round(lateMs)} ms`);
    expect(lateMs).toBeLessThan(5_000);

    // Mute and unpublish reach the others.
    await a.api.muteMicrophone();
    await waitFor("alice's microphone muted on B", async () => (await b.api.remoteTracks()).includes("alice:audio:sub:muted"), 10_000);
    await a.api.unpublishCamera();
    await waitFor("alice's camera gone on B", async () => !(await b.api.remoteTracks()).some((t) => t.startsWith("alice:video")), 10_000);

    // A leaves: B sees the participant go.
    expect(await b.api.remoteIdentities()).toContain("alice");
    await a.api.leave();
    await waitFor("alice gone on B", async () => !(await b.api.remoteIdentities()).includes("alice"), 10_000);
    expect(await b.api.events()).toContain("left:alice");
    await Promise.all([b.api.leave(), c.api.leave()]);

    // Every join used LiveKit's current protocol (one peer connection), never the fallback.
    expect(paths).toEqual(["bob:/rtc/v1", "alice:/rtc/v1", "carol:/rtc/v1"]);
    expect(pageConsole.filter((l) => /v1 RTC path not found|Retrying/i.test(l))).toEqual([]);
  }, 90_000);

  it("refuses a browser whose token is signed with the wrong secret", async () => {
    const d = await openPage(browser, page.url);
    const forged = new AccessToken("devkey", "wrong-secret", { identity: "mallory" });
    forged.addGrant({ roomJoin: true, room: "media-room" });
    await expect(d.api.connect(sfu.url, await forged.toJwt(), false)).rejects.toThrow(/invalid token/);
    await d.page.context().close();
  }, 30_000);
});
