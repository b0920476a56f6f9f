// The npm path: the Vite-built example imports "@alertrun/elements/define" instead of loading the
// CDN script. A keyboard user holds Space on its button (no pointer at all); the same page's
// <alert-feed> and <alert-stream-viewer latest> pick the alert up and play it; ending it ends it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, studentContext, recordErrors, waitForState, videoFramesChange } from "../lib/harness.mjs";

let demo;
let page;
let errors;

before(async () => {
  demo = await startDemo();
  page = await (await studentContext(demo.browser, { viewport: { width: 1100, height: 800 } })).newPage();
  errors = recordErrors(page, "npm-app");
});

after(async () => {
  await demo?.close();
});

test("the Vite-bundled elements go live from a keyboard hold and play the video", { timeout: 90_000 }, async () => {
  await page.goto(demo.url("/npm-app/"));
  // Served by Vite's build, not the CDN bundle.
  const usesCdn = await page.evaluate(() => [...document.scripts].some((s) => s.src.includes("/cdn/")));
  assert.equal(usesCdn, false, "the npm app must not load the CDN bundle");
  await waitForState(page, "alert-button", "idle");
  await waitForState(page, "alert-feed", "ready");

  // Hold Space on the focused button: keydown… (auto-repeat is not sent by Playwright) …keyup.
  await page.locator('alert-button [part~="button"]').focus();
  await page.keyboard.down("Space");
  try {
    await waitForState(page, "alert-button", "holding", 2_000);
    await waitForState(page, "alert-button", ["starting", "live"], 5_000);
  } finally {
    await page.keyboard.up("Space");
  }
  await waitForState(page, "alert-button", "live", 20_000);

  await page.locator('alert-feed [part~="item"]').first().waitFor({ timeout: 15_000 });
  await waitForState(page, "alert-stream-viewer", "live", 30_000);
  let frames = { ok: false };
  for (let i = 0; i < 20 && !frames.ok; i++) {
    frames = await videoFramesChange(page, "alert-stream-viewer");
    if (!frames.ok) await page.waitForTimeout(500);
  }
  assert.ok(frames.ok, `the viewer should play moving frames: ${JSON.stringify(frames)}`);

  await page.locator('alert-button [part~="end-button"]').click();
  await page.locator('alert-button [part~="confirm-end"]').click();
  await waitForState(page, "alert-button", "ended", 15_000);
  await page.waitForFunction(() => document.querySelector("alert-feed")?.shadowRoot?.querySelectorAll("[part~='item']").length === 0, null, {
    timeout: 15_000,
  });

  // Refused tiles and livekit-client's v1 probe are expected; clips:attach errors are the known
  // devkit upload race, reported by alert-flow.test.mjs as a todo.
  const expected = /net::ERR_FAILED|Failed to load resource|\/rtc\/v1\?.*Unexpected response code: 404|clips:attach|clip\/invalid/;
  assert.deepEqual(errors.filter((e) => !expected.test(e)), []);
});
