// Shared by the end-to-end tests and the browser benchmarks: the local stack on ephemeral ports, the
// examples served with that stack's URL, and Debian's Chromium with a fake camera and a fixed
// position. Everything binds to 127.0.0.1; requests to any other host are refused, so map tiles
// (OpenStreetMap by default) fail the way they do offline and the map falls back to plain markers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveExamples } from "../../../scripts/serve-examples.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where the student stands: Northfield's (fictional) College Green. */
export const STUDENT_POSITION = { latitude: 42.3601, longitude: -71.0942, accuracy: 12 };

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * The devkit's sources, run through tsx (processes using this harness start with `--import tsx`):
 * its package entry is the built dist/, which may be older than the sources being tested. The
 * built package is tested by scripts/install-test.
 */
async function loadDevkit() {
  return import(path.join(repoRoot, "packages/devkit/src/index.ts"));
}

/** The dev backend + dev SFU on free ports, in memory (or in a temporary data dir). */
export async function startStack() {
  const { startDevStack } = await loadDevkit();
  const dataDir = mkdtempSync(path.join(tmpdir(), "alertrun-e2e-"));
  const stack = await startDevStack({ convexPort: 0, sitePort: 0, sfuPort: 0, dataDir });
  return {
    ...stack,
    async close() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stack + examples server + browser, torn down together. */
export async function startDemo({ mounts } = {}) {
  const stack = await startStack();
  let server;
  let browser;
  try {
    server = await serveExamples({ port: 0, convexUrl: stack.convexUrl, mounts });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await server?.close();
    await stack.close();
    throw error;
  }
  return {
    stack,
    server,
    browser,
    url: (p) => `${server.url}${p}`,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await stack.close();
    },
  };
}

/** Refuse every request that is not to this machine's loopback. */
async function loopbackOnly(context) {
  await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]|wss?:\/\/127\.0\.0\.1[:/]|data:|blob:)/, (route) => route.abort());
}

/** A phone-sized context for the person raising the alert: camera, microphone, location. */
export async function studentContext(browser, { position = STUDENT_POSITION, viewport = { width: 420, height: 860 } } = {}) {
  const context = await browser.newContext({
    viewport,
    geolocation: position,
    permissions: ["geolocation", "camera", "microphone"],
    deviceScaleFactor: 1,
  });
  await loopbackOnly(context);
  return context;
}

/** A desktop context for the dispatcher. */
export async function responderContext(browser, { viewport = { width: 1280, height: 720 } } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await loopbackOnly(context);
  return context;
}

/** Collects page errors and console errors, for assertions and for failure messages. */
export function recordErrors(page, name) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(`[${name}] pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`[${name}] console: ${m.text()}`);
  });
  return errors;
}

/** Waits (bounded) until an element's reflected `state` attribute is one of `states`. */
export async function waitForState(page, selector, states, timeout = 20_000) {
  const wanted = Array.isArray(states) ? states : [states];
  try {
    await page.waitForFunction(
      ([sel, want]) => want.includes(document.querySelector(sel)?.getAttribute("state") ?? ""),
      [selector, wanted],
      { timeout, polling: 50 },
    );
  } catch (error) {
    const actual = await page.evaluate((sel) => document.querySelector(sel)?.getAttribute("state"), selector).catch(() => "?");
    throw new Error(`${selector} state is "${actual}", expected ${wanted.join(" | ")} within ${timeout} ms`, { cause: error });
  }
}

/**
 * Press and hold an element with the real mouse until `done()` holds (bounded), then release.
 * `during` runs while the button is held (e.g. a screenshot of the progress ring).
 */
export async function holdWithMouse(page, locator, { until, timeout = 10_000, during } = {}) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error("hold target is not visible");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  try {
    if (during) await during();
    await until(timeout);
  } finally {
    await page.mouse.up();
  }
}

/**
 * Grabs the current frame of the first <video> inside `hostSelector`'s shadow root, twice,
 * `gapMs` apart, and says whether the pixels changed (the fake camera animates).
 */
export async function videoFramesChange(page, hostSelector, gapMs = 700) {
  return page.evaluate(
    async ([sel, gap]) => {
      const video = document.querySelector(sel)?.shadowRoot?.querySelector("video");
      if (!video || video.videoWidth === 0) return { ok: false, why: "no decoded video" };
      const grab = () => {
        const c = document.createElement("canvas");
        c.width = 160;
        c.height = 120;
        const g = c.getContext("2d");
        g.drawImage(video, 0, 0, c.width, c.height);
        return g.getImageData(0, 0, c.width, c.height).data;
      };
      const a = grab();
      await new Promise((r) => setTimeout(r, gap));
      const b = grab();
      let diff = 0;
      for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) > 24) diff++;
      let lit = 0;
      for (let i = 0; i < b.length; i += 4) if (b[i] + b[i + 1] + b[i + 2] > 60) lit++;
      return { ok: diff > 50 && lit > 50, diff, lit, width: video.videoWidth, height: video.videoHeight };
    },
    [hostSelector, gapMs],
  );
}

/** Text inside an element's shadow root (what a person would read). */
export function shadowText(page, hostSelector) {
  return page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.textContent?.replace(/\s+/g, " ").trim() ?? "", hostSelector);
}

/** Waits (bounded) until `hostSelector`'s shadow text matches `pattern`. */
export async function waitForShadowText(page, hostSelector, pattern, timeout = 15_000) {
  try {
    await page.waitForFunction(
      ([sel, src, flags]) => new RegExp(src, flags).test(document.querySelector(sel)?.shadowRoot?.textContent?.replace(/\s+/g, " ") ?? ""),
      [hostSelector, pattern.source, pattern.flags],
      { timeout, polling: 100 },
    );
  } catch (error) {
    const text = await shadowText(page, hostSelector).catch(() => "?");
    throw new Error(`${hostSelector} never showed ${pattern} within ${timeout} ms; it shows: "${text.slice(0, 300)}"`, { cause: error });
  }
}
