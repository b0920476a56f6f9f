// The whole product, end to end: a student on the campus page (CDN script tag only) holds the
// button; a dispatcher on the responder dashboard sees the alert in the feed and on the map and
// watches the live video; the dispatcher acknowledges and writes; the student sees both; the
// student ends the alert; the dashboard shows it ended.
//
// Real everything: the dev backend runs packages/backend's functions, the dev SFU forwards the
// fake camera's real WebRTC media, the pages load the built CDN bundle. Map tiles are the only
// boundary: requests off this machine are refused, so the map shows markers on a plain background.
//
// Screenshots of each step go to test-results/screenshots/ (E2E_SCREENSHOTS=dir to change it;
// `pnpm screenshots` writes docs/screenshots/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  startDemo,
  studentContext,
  responderContext,
  recordErrors,
  waitForState,
  holdWithMouse,
  videoFramesChange,
  waitForShadowText,
  repoRoot,
} from "../lib/harness.mjs";

const SHOTS = path.resolve(process.env.E2E_SCREENSHOTS ?? path.join(repoRoot, "examples/e2e/test-results/screenshots"));
mkdirSync(SHOTS, { recursive: true });

let demo;
let student;
let dispatcher;
const errors = [];

before(async () => {
  demo = await startDemo();
  const studentCtx = await studentContext(demo.browser);
  const dispatcherCtx = await responderContext(demo.browser);
  student = await studentCtx.newPage();
  dispatcher = await dispatcherCtx.newPage();
  const studentErrors = recordErrors(student, "student");
  const dispatcherErrors = recordErrors(dispatcher, "dispatcher");
  Object.defineProperty(errors, "all", { get: () => [...studentErrors, ...dispatcherErrors] });
});

after(async () => {
  await demo?.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

test("a held button becomes a live alert with video, location, acknowledgement and chat", { timeout: 150_000 }, async (t) => {
  let alertId;

  await t.test("both pages load and are ready", async () => {
    await dispatcher.goto(demo.url("/responder-dashboard/"));
    await student.goto(demo.url("/campus-site/"));
    await waitForState(dispatcher, "alert-feed", "ready");
    await waitForState(dispatcher, "alert-map", "ready");
    await waitForState(student, "alert-button", "idle");
    await shot(student, "01-campus-idle");
    await shot(dispatcher, "02-dashboard-waiting");
  });

  await t.test("the student holds the button with the mouse; the alert starts", async () => {
    const button = student.locator('alert-button [part~="button"]');
    await holdWithMouse(student, button, {
      during: async () => {
        await waitForState(student, "alert-button", "holding", 2_000);
        await student.waitForTimeout(700);
        await shot(student, "03-campus-holding");
      },
      until: (timeout) => waitForState(student, "alert-button", ["starting", "live"], timeout),
    });
    const started = await student.evaluate(() => new Promise((resolve) => {
      const el = document.querySelector("alert-button");
      if (el.getAttribute("state") === "live") return resolve("live");
      el.addEventListener("alert-live", () => resolve("live"), { once: true });
      setTimeout(() => resolve(el.getAttribute("state")), 20_000);
    }));
    assert.equal(started, "live", "the button should go live");
  });

  await t.test("the dashboard lists the alert, maps it and plays its video", async () => {
    await dispatcher.locator('alert-feed [part~="item"]').first().waitFor({ timeout: 15_000 });
    const items = await dispatcher.locator('alert-feed [part~="item"]').count();
    assert.equal(items, 1, "exactly one alert in the feed");

    // The map draws the alert where the student stands: a marker in Leaflet's panes, and the
    // student's fake position in the map's list.
    await dispatcher.waitForFunction(
      () => Boolean(document.querySelector("alert-map")?.shadowRoot?.querySelector(".leaflet-pane .leaflet-interactive, .leaflet-pane .leaflet-marker-icon")),
      null,
      { timeout: 15_000 },
    );
    await waitForShadowText(dispatcher, "alert-map", /42\.3601\d*, -71\.0942/);

    // The dispatcher picks the alert; the page script points the viewer at it.
    await dispatcher.locator('alert-feed [part~="item"]').first().click();
    alertId = await dispatcher.evaluate(() => document.querySelector("alert-stream-viewer").getAttribute("alert-id"));
    assert.ok(alertId, "selecting the alert sets the viewer's alert-id");

    await waitForState(dispatcher, "alert-stream-viewer", "live", 30_000);
    let frames = { ok: false };
    for (let i = 0; i < 20 && !frames.ok; i++) {
      frames = await videoFramesChange(dispatcher, "alert-stream-viewer");
      if (!frames.ok) await dispatcher.waitForTimeout(500);
    }
    if (!frames.ok) {
      await shot(dispatcher, "failed-dashboard-video");
      const viewer = await dispatcher.evaluate(() => {
        const el = document.querySelector("alert-stream-viewer");
        const v = el.shadowRoot.querySelector("video");
        return { state: el.getAttribute("state"), readyState: v?.readyState, hasStream: Boolean(v?.srcObject), tracks: v?.srcObject?.getTracks?.().map((t) => `${t.kind}:${t.readyState}:${t.muted ? "muted" : "unmuted"}`) };
      });
      assert.fail(`the dashboard's video should play moving frames: ${JSON.stringify(frames)}; viewer ${JSON.stringify(viewer)}`);
    }
    await shot(student, "04-campus-live");
    await shot(dispatcher, "05-dashboard-live");
  });

  await t.test("the dispatcher acknowledges and writes; the student sees both", async () => {
    await dispatcher.locator('alert-stream-viewer [part~="ack-button"]').first().click();
    await dispatcher.locator('alert-stream-viewer [part~="chat-input"]').fill("Officers are on the way. Stay where you are.");
    await dispatcher.locator('alert-stream-viewer [part~="chat-send"]').click();

    await waitForShadowText(student, "alert-button", /1 responder/i);
    await waitForShadowText(student, "alert-button", /Officers are on the way/);
    await waitForShadowText(dispatcher, "alert-stream-viewer", /Officers are on the way/);

    await student.locator('alert-button [part~="chat-input"]').fill("Thank you. I'm by the library steps.");
    await student.locator('alert-button [part~="chat-send"]').click();
    await waitForShadowText(dispatcher, "alert-stream-viewer", /library steps/);
    await shot(student, "06-campus-acknowledged");
    await shot(dispatcher, "07-dashboard-chat");
  });

  await t.test("the student ends the alert; the dashboard shows it ended", async () => {
    await student.locator('alert-button [part~="end-button"]').click();
    await student.locator('alert-button [part~="confirm-end"]').click();
    await waitForState(student, "alert-button", "ended", 15_000);
    await waitForState(dispatcher, "alert-stream-viewer", "ended", 15_000);
    await dispatcher.waitForFunction(() => document.querySelector("alert-feed")?.shadowRoot?.querySelectorAll("[part~='item']").length === 0, null, {
      timeout: 15_000,
    });
    await shot(student, "08-campus-ended");
    await shot(dispatcher, "09-dashboard-ended");
  });

  // Expected console noise: refused tile requests, and livekit-client probing LiveKit's v1
  // signaling path before it falls back to /rtc (which the dev SFU serves; LiveKit Cloud does the
  // same for older servers).
  const expected = /net::ERR_FAILED|Failed to load resource|\/rtc\/v1\?.*Unexpected response code: 404/;
  await t.test("no page errors along the way (evidence clip uploads included)", () => {
    assert.deepEqual(errors.all.filter((e) => !expected.test(e)), []);
  });
});
