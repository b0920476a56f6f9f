import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDevSfu, type DevSfu, type SignalEvent } from "../../src/sfu/index.js";
import { startCollector } from "./collector.js";
import { launchBrowser, mintToken, openPage, servePage, waitFor, type PageApi } from "./harness.js";

/** Resolves once the viewer's picture changed twice (it keeps moving). */
async function expectMoving(viewer: PageApi, what: string): Promise<void> {
  let last = await waitFor(`a grab ${what}`, () => viewer.grab(), 10_000);
  for (let i = 0; i < 2; i++) {
    const previous = last;
    last = await waitFor(`a new frame ${what}`, async () => {
      const g = await viewer.grab();
      return g && g !== previous ? g : null;
    }, 10_000);
  }
}

// A signal blip (livekit-client's `signal-reconnect` scenario) resumes the session: same
// participant, same tracks, media never stops, and no leave/join reaches anyone.
describe.each([
  { name: "/rtc/v1", singlePeerConnection: true },
  { name: "/rtc", singlePeerConnection: false },
])("dev SFU session resume on $name", ({ singlePeerConnection }) => {
  let sfu: DevSfu;
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const signals: SignalEvent[] = [];

  beforeAll(async () => {
    collector = await startCollector();
    [sfu, browser, page] = await Promise.all([
      startDevSfu({ port: 0, webhookUrl: collector.url, onSignal: (e) => signals.push(e) }),
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

  it("keeps the participant and its tracks when the signaling socket drops", async () => {
    const room = `resume-${singlePeerConnection ? "v1" : "v0"}`;
    const options = { singlePeerConnection };
    const a = await openPage(browser, page.url);
    const b = await openPage(browser, page.url);
    await a.api.connect(sfu.url, await mintToken("alice", { room }), true, undefined, options);
    await b.api.connect(sfu.url, await mintToken("bob", { room, canPublish: false }), false, undefined, options);
    await waitFor("first frame on B", () => b.api.firstFrameMs(), 20_000);
    const aliceSid = await a.api.localSid();

    // The publisher's signaling drops; it resumes, and B's picture keeps moving throughout.
    await a.api.dropSignal();
    await waitFor("alice resumed", async () => ((await a.api.events()).includes("reconnected") ? true : null), 20_000);
    expect(await a.api.localSid()).toBe(aliceSid);
    await expectMoving(b.api, "on B after alice resumed");

    // The viewer's signaling drops too; its media resumes on the same subscription.
    await b.api.dropSignal();
    await waitFor("bob resumed", async () => ((await b.api.events()).includes("reconnected") ? true : null), 20_000);
    await expectMoving(b.api, "on B after bob resumed");
    expect(await b.api.remoteTracks()).toEqual(expect.arrayContaining(["alice:video:sub", "alice:audio:sub"]));

    // Both resumes were reconnects of the same sessions; nobody saw anyone leave or join again.
    expect(signals.filter((s) => s.reconnect).map((s) => s.identity)).toEqual(["alice", "bob"]);
    expect(signals.every((s) => s.path === (singlePeerConnection ? "/rtc/v1" : "/rtc"))).toBe(true);
    expect((await b.api.events()).filter((e) => e.startsWith("joined:") || e.startsWith("left:"))).toEqual([]);
    const events = collector.deliveries.map((d) => `${d.event.event}:${d.event.participant?.identity ?? ""}`);
    expect(events.filter((e) => e.startsWith("participant_"))).toEqual(["participant_joined:alice", "participant_joined:bob"]);

    await Promise.all([a.api.leave(), b.api.leave()]);
  }, 120_000);
});
