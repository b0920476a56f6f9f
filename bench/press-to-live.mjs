// Browser benchmarks of the whole product, on this machine's loopback, with the example pages and
// the built CDN bundle, exactly as the end-to-end test drives them:
//  - press-to-live: the student's hold completes (alert-button leaves "holding") → the alert is
//    listed on the responder dashboard; → the dashboard's <alert-stream-viewer> presents its first
//    video frame. Both pages are open and idle before the press, as they would be in real life.
//  - viewer join: an <alert-stream-viewer alert-id> appended to a loaded page → first frame.
//  - bytes once live: gzip of every CDN file each page actually fetched.
// Timestamps come from the two pages of one browser (performance.timeOrigin + now(): one clock).
//
// Usage: node --import tsx bench/press-to-live.mjs [--trials 8]
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startDemo, studentContext, responderContext, waitForState } from "../examples/e2e/lib/harness.mjs";
import { fetchedGzip } from "./bytes.mjs";
import { milestones, probeMedia, readProbe } from "./waterfall.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Page-side probes for the dashboard: first feed item, first presented video frame. */
function instrumentDashboard() {
  const now = () => performance.timeOrigin + performance.now();
  const marks = { alertSeenAt: null, firstFrameAt: null };
  window.__bench = marks;
  const feed = document.querySelector("alert-feed");
  const viewer = document.querySelector("alert-stream-viewer");
  const checkFeed = () => {
    if (marks.alertSeenAt === null && feed.shadowRoot.querySelector("[part~='item']")) marks.alertSeenAt = now();
  };
  new MutationObserver(checkFeed).observe(feed.shadowRoot, { subtree: true, childList: true, characterData: true });
  const frame = () => {
    if (marks.firstFrameAt === null) marks.firstFrameAt = now();
  };
  const checkVideo = () => {
    if (marks.firstFrameAt !== null) return;
    const video = viewer.shadowRoot.querySelector("video");
    if (video && video.videoWidth > 0 && video.readyState >= 2) return frame();
    if (video && !video.__benchHooked) {
      video.__benchHooked = true;
      video.requestVideoFrameCallback(frame);
    }
    setTimeout(checkVideo, 5);
  };
  checkFeed();
  checkVideo();
}

/** Page-side probe for the campus page: when the hold completes, when the button is live. */
function instrumentButton() {
  const now = () => performance.timeOrigin + performance.now();
  const marks = { holdBeganAt: null, holdCompleteAt: null, liveAt: null };
  window.__bench = marks;
  window.__pcConnectedAt = null;
  const button = document.querySelector("alert-button");
  new MutationObserver(() => {
    const state = button.getAttribute("state");
    if (marks.holdBeganAt === null && state === "holding") marks.holdBeganAt = now();
    if (marks.holdCompleteAt === null && state !== "holding" && state !== "idle") marks.holdCompleteAt = now();
    if (marks.liveAt === null && state === "live") marks.liveAt = now();
  }).observe(button, { attributes: true, attributeFilter: ["state"] });
}

async function waitFor(page, predicate, timeout, what) {
  try {
    await page.waitForFunction(predicate, null, { timeout, polling: 20 });
  } catch (error) {
    throw new Error(`timed out waiting for ${what}`, { cause: error });
  }
}

/** Collects the /cdn/ paths a page fetches. */
function cdnFetches(page) {
  const paths = [];
  page.on("response", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/cdn/") && pathname.endsWith(".js")) paths.push(pathname);
  });
  return paths;
}

export async function measureBrowser({ trials = 8, viewerTrials = trials, log = () => undefined } = {}) {
  const demo = await startDemo({ mounts: { "/bench/": path.join(benchDir, "pages") } });
  const out = {
    pressToListed: [],
    pressToFrame: [],
    holdToButtonLive: [],
    holdToPublisherConnected: [],
    viewerJoin: [],
    bytes: {},
    // Issue 13: each trial's milestones (bench/waterfall.mjs), and the signalling path of every join.
    waterfalls: [],
    signalPaths: { publisher: [], viewer: [], viewerJoin: [] },
  };
  try {
    const studentCtx = await studentContext(demo.browser);
    await studentCtx.addInitScript(probeMedia);
    const student = await studentCtx.newPage();
    const dispatcherCtx = await responderContext(demo.browser);
    await dispatcherCtx.addInitScript(probeMedia);
    const dispatcher = await dispatcherCtx.newPage();
    let lastAlertId = null;

    for (let i = 0; i < trials; i++) {
      const studentFetches = cdnFetches(student);
      const dispatcherFetches = cdnFetches(dispatcher);
      await dispatcher.goto(demo.url("/responder-dashboard/"));
      await student.goto(demo.url("/campus-site/"));
      await waitForState(dispatcher, "alert-feed", "ready");
      await waitForState(student, "alert-button", "idle");
      await sleep(1500); // both pages idle: media code prefetched, as on a page someone has open
      await dispatcher.evaluate(instrumentDashboard);
      await student.evaluate(instrumentButton);

      const box = await student.locator('alert-button [part~="button"]').boundingBox();
      await student.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await student.mouse.down();
      await waitFor(student, () => window.__bench.holdCompleteAt !== null, 10_000, "hold completion");
      await student.mouse.up();
      await waitFor(dispatcher, () => window.__bench.firstFrameAt !== null, 30_000, "first frame on the dashboard");
      await waitFor(student, () => window.__bench.liveAt !== null && window.__pcConnectedAt !== null, 20_000, "the button going live and connected");

      const s = await student.evaluate(() => ({ ...window.__bench, pcConnectedAt: window.__pcConnectedAt }));
      const d = await dispatcher.evaluate(() => window.__bench);
      out.pressToListed.push(d.alertSeenAt - s.holdCompleteAt);
      out.pressToFrame.push(d.firstFrameAt - s.holdCompleteAt);
      out.holdToButtonLive.push(s.liveAt - s.holdCompleteAt);
      out.holdToPublisherConnected.push(s.pcConnectedAt - s.holdCompleteAt);
      const studentProbe = await student.evaluate(readProbe);
      // The keyframe's stats poll may answer after the frame is already on screen.
      await dispatcher.waitForFunction(() => window.__media?.pc?.firstFrameReceivedAt != null, null, { timeout: 2_000, polling: 10 }).catch(() => undefined);
      const dispatcherProbe = await dispatcher.evaluate(readProbe);
      out.waterfalls.push(
        milestones({ holdCompleteAt: s.holdCompleteAt, holdBeganAt: s.holdBeganAt, student: studentProbe, dispatcher: dispatcherProbe, alertSeenAt: d.alertSeenAt, firstFrameAt: d.firstFrameAt }),
      );
      out.signalPaths.publisher.push(...studentProbe.signals.map((x) => x.path));
      out.signalPaths.viewer.push(...dispatcherProbe.signals.map((x) => x.path));
      log(`  trial ${i + 1}/${trials}: listed ${Math.round(d.alertSeenAt - s.holdCompleteAt)} ms, first frame ${Math.round(d.firstFrameAt - s.holdCompleteAt)} ms`);

      if (i === 0) {
        out.bytes.student = fetchedGzip(studentFetches);
        out.bytes.dispatcher = fetchedGzip(dispatcherFetches);
      }
      student.removeAllListeners("response");
      dispatcher.removeAllListeners("response");

      // Keep the last alert live for the viewer-join trials; end the others.
      if (i === trials - 1) {
        lastAlertId = await activeAlertId(dispatcher);
      } else {
        await student.locator('alert-button [part~="end-button"]').click();
        await student.locator('alert-button [part~="confirm-end"]').click();
        await waitForState(student, "alert-button", "ended");
      }
    }

    // Viewer join: a fresh page per trial (code prefetched at idle), then append the viewer.
    // The dashboard closes first: the raw livekit-client join it is compared with
    // (bench/sfu-media.mjs) has the publisher's page and the viewer's page only, and so do these.
    const alertId = lastAlertId;
    if (!alertId) throw new Error("no live alert left for the viewer-join trials");
    await dispatcherCtx.close();
    const viewerCtx = await responderContext(demo.browser);
    await viewerCtx.addInitScript(probeMedia);
    const viewerPage = await viewerCtx.newPage();
    for (let i = 0; i < viewerTrials; i++) {
      await viewerPage.goto(demo.url("/bench/viewer.html"));
      await viewerPage.waitForFunction(() => customElements.get("alert-stream-viewer") && typeof window.attachViewer === "function");
      await sleep(1500);
      // One join that shows no frame in 20 s (a loaded machine) is reported, not fatal to the run.
      try {
        out.viewerJoin.push(await viewerPage.evaluate((id) => window.attachViewer(id), alertId));
        log(`  viewer join ${i + 1}/${viewerTrials}: ${Math.round(out.viewerJoin.at(-1))} ms`);
      } catch (error) {
        out.viewerJoinFailures = (out.viewerJoinFailures ?? 0) + 1;
        log(`  viewer join ${i + 1}/${viewerTrials} failed: ${String(error?.message ?? error).split("\n")[0]}`);
      }
      out.signalPaths.viewerJoin.push(...(await viewerPage.evaluate(readProbe)).signals.map((x) => x.path));
    }
  } finally {
    await demo.close();
  }
  return out;
}

/** Selects the dashboard's alert in the feed; the page script puts its id on the viewer. */
async function activeAlertId(dispatcher) {
  await dispatcher.locator('alert-feed [part~="item"]').first().click();
  return dispatcher.evaluate(() => document.querySelector("alert-stream-viewer").getAttribute("alert-id"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--trials");
  const trials = i >= 0 ? Number(process.argv[i + 1]) : 8;
  const r = await measureBrowser({ trials, log: console.log });
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  for (const [k, xs] of Object.entries(r)) {
    if (Array.isArray(xs)) console.log(`${k}: median ${Math.round(q(xs, 0.5))} ms, p95 ${Math.round(q(xs, 0.95))} ms (n=${xs.length})`);
  }
  console.log(`bytes once live (gzip): campus page ${(r.bytes.student / 1024).toFixed(1)} KB, dashboard ${(r.bytes.dispatcher / 1024).toFixed(1)} KB`);
  process.exit(0);
}
