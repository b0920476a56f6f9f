// Data never becomes markup on the example pages either. A student raises a real alert; hostile
// strings are then stored in the dev backend's database (as `npx convex run` would, since the
// public functions refuse some of them) in every field the pages show: categories, chat names and
// text, an end reason, the site's name. The dispatcher's dashboard (served with a strict CSP and
// Trusted Types) hovers every marker and clicks every alert; the student's page shows the chat.
// No payload may run a script or create an element.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, studentContext, responderContext, recordErrors, waitForState, holdWithMouse } from "../lib/harness.mjs";
import { PAYLOADS, scanForInjected } from "../../../packages/elements/test/payload-corpus.mjs";

let demo;
let student;
let dispatcher;
let errors;

before(async () => {
  demo = await startDemo();
  student = await (await studentContext(demo.browser)).newPage();
  dispatcher = await (await responderContext(demo.browser, { viewport: { width: 1280, height: 1000 } })).newPage();
  errors = [...[recordErrors(student, "student"), recordErrors(dispatcher, "dispatcher")]];
});

after(async () => {
  await demo?.close();
});

const run = (handler) => demo.stack.backend.run(handler);

/** Per-alert fields a copy must not share (whichever the backend's schema has). */
const unique = (fields, tag) =>
  Object.fromEntries(["clientRequestId", "requestHash", "room"].filter((f) => typeof fields[f] === "string").map((f) => [f, `${fields[f]}-${tag}`]));

test("stored markup in every shown field stays text on the campus page and the dashboard", { timeout: 150_000 }, async () => {
  await dispatcher.goto(demo.url("/responder-dashboard/"));
  await student.goto(demo.url("/campus-site/"));
  await waitForState(dispatcher, "alert-map", "ready");
  await waitForState(student, "alert-button", "idle");
  await holdWithMouse(student, student.locator('alert-button [part~="button"]'), {
    until: (timeout) => waitForState(student, "alert-button", ["live"], timeout),
  });
  await waitForState(student, "alert-button", "live", 30_000);
  const alertId = await student.evaluate(() => document.querySelector("alert-button").alertId);
  await student.locator('alert-button [part~="chat-input"]').fill("I am by the library");
  await student.locator('alert-button [part~="chat-send"]').click();

  // Payloads in the database: one alert per payload, messages on the student's alert, an ended
  // alert with a payload end reason, and the site's name.
  const ended = await run(async (ctx) => {
    const source = await ctx.db.get(alertId);
    const { _id, _creationTime, ...fields } = source;
    for (const [i, category] of PAYLOADS.entries()) {
      await ctx.db.insert("alerts", {
        ...fields,
        ...unique(fields, `corpus-${i}`),
        category,
        location: { ...fields.location, lat: fields.location.lat + (i + 1) * 0.0003 },
      });
    }
    await ctx.db.patch(alertId, { category: PAYLOADS[1] });
    const message = (await ctx.db.query("messages").collect()).find((m) => m.alertId === alertId);
    if (message) {
      const { _id: _m, _creationTime: _c, ...m } = message;
      for (const payload of PAYLOADS) {
        for (const author of ["responder", "reporter"]) await ctx.db.insert("messages", { ...m, author, displayName: payload, text: payload, sentAt: Date.now() });
      }
    }
    const site = (await ctx.db.query("sites").collect()).find((s) => s.slug === "demo");
    if (site) await ctx.db.patch(site._id, { name: PAYLOADS[2] });
    return await ctx.db.insert("alerts", {
      ...fields,
      status: "ended",
      streamStatus: "ended",
      endedAt: Date.now(),
      endReason: PAYLOADS.join(" "),
      ...unique(fields, "corpus-ended"),
    });
  });

  const injected = new Set();
  let ran = 0;
  const check = async () => {
    for (const page of [dispatcher, student]) {
      const scan = await page.evaluate(scanForInjected);
      for (const f of scan.found) injected.add(f);
      ran = Math.max(ran, scan.pwned);
    }
  };

  const total = PAYLOADS.length + 1;
  await dispatcher.waitForFunction((n) => document.querySelector("alert-feed")?.shadowRoot?.querySelectorAll("[part~='item']").length >= n, total, { timeout: 20_000 });
  await dispatcher.waitForFunction((n) => document.querySelector("alert-map")?.shadowRoot?.querySelectorAll(".leaflet-overlay-pane path.leaflet-interactive").length >= n, total, { timeout: 20_000 });
  await student.waitForFunction((n) => document.querySelector("alert-button")?.shadowRoot?.querySelectorAll(".chat-message").length >= n, PAYLOADS.length * 2, { timeout: 20_000 });

  // Hover and click every marker.
  const markers = dispatcher.locator("alert-map .leaflet-overlay-pane path.leaflet-interactive");
  const count = await markers.count();
  let tooltips = 0;
  for (let i = 0; i < count; i++) {
    const box = await markers.nth(i).boundingBox();
    if (!box) continue;
    await dispatcher.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await dispatcher.waitForTimeout(150);
    const tip = await dispatcher.evaluate(() => document.querySelector("alert-map").shadowRoot.querySelector(".leaflet-tooltip")?.textContent ?? "");
    if (tip.includes("pwnmark")) tooltips++;
    await check();
    await dispatcher.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await check();
  }
  // Click every alert in the feed: the viewer shows each one (category, chat).
  const items = dispatcher.locator("alert-feed [part~='item']");
  for (let i = 0; i < (await items.count()); i++) {
    await items.nth(i).click();
    await dispatcher.waitForTimeout(300);
    await check();
  }
  // The ended alert, with its payload end reason.
  await dispatcher.evaluate((id) => document.querySelector("alert-stream-viewer").setAttribute("alert-id", id), ended);
  await waitForState(dispatcher, "alert-stream-viewer", "ended", 15_000);
  await check();

  assert.deepEqual([...injected], [], "elements created from payloads");
  assert.equal(ran, 0, "payload scripts that ran");
  assert.ok(tooltips > 0, "marker tooltips show payloads as text");
  const viewerText = await dispatcher.evaluate(() => document.querySelector("alert-stream-viewer").shadowRoot.textContent);
  assert.match(viewerText, /<iframe pwnmark/, "the end reason is shown as text");
  const expected = /net::ERR_FAILED|Failed to load resource|\/rtc\/v1\?.*Unexpected response code: 404/;
  assert.deepEqual(errors.flat().filter((e) => !expected.test(e)), []);
});
