#!/usr/bin/env node
// Benchmark of the dev SFU with real livekit-client in headless Chromium, on loopback:
//  - subscriber connect() → first decoded frame, over repeated viewer joins;
//  - glass-to-glass latency: the publisher draws Date.now() as a barcode into a canvas stream,
//    viewers decode it from each displayed frame (same machine, same clock);
//  - CPU seconds the SFU process spends per forwarded stream-minute.
// Usage: node bench/sfu-media.mjs [--trials 10] [--seconds 15] [--viewers 2]
import { forkPart } from "./child.mjs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const devkit = `${root}packages/devkit/`;
const requireFromDevkit = createRequire(`${devkit}package.json`);
const { AccessToken } = await import(requireFromDevkit.resolve("livekit-server-sdk"));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRIALS = arg("trials", 10);
const SECONDS = arg("seconds", 15);
const VIEWERS = arg("viewers", 2);
const ROOM = "bench";

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const token = async (identity, canPublish) => {
  const t = new AccessToken("devkey", "secret", { identity, ttl: "1h" });
  t.addGrant({ roomJoin: true, room: ROOM, canPublish, canSubscribe: true });
  return t.toJwt();
};

// 1. The SFU in its own process, so its CPU time is its own.
const { child, next } = forkPart(new URL("./sfu-server.mjs", import.meta.url));
const request = (type) => {
  const reply = next(type);
  if (type !== "ready") child.send({ type });
  return reply;
};
const signals = [];
child.on("message", (m) => {
  if (m.type === "signal") signals.push(m);
});
const { url: sfuUrl } = await request("ready");

// 2. The page: livekit-client + bench helpers, served on loopback.
const bundle = await build({
  entryPoints: [fileURLToPath(new URL("./sfu-page.mjs", import.meta.url))],
  bundle: true,
  format: "esm",
  platform: "browser",
  write: false,
  logLevel: "silent",
  nodePaths: [`${devkit}node_modules`],
});
const script = bundle.outputFiles[0].text;
const http = createServer((req, res) => {
  if (req.url === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
  else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><body><script type="module" src="/page.js"></script></body>');
});
await new Promise((r) => http.listen(0, "127.0.0.1", r));
const pageUrl = `http://127.0.0.1:${http.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
  ],
});
const open = async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(pageUrl);
  await page.waitForFunction(() => "bench" in window, undefined, { timeout: 10_000 });
  return page;
};
const waitFirstFrame = async (page, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ms = await page.evaluate(() => window.bench.firstFrameMs());
    if (ms !== null) return ms;
    await sleep(20);
  }
  throw new Error("no first frame");
};

try {
  const publisher = await open();
  await publisher.evaluate(([u, t]) => window.bench.publishCanvas(u, t), [sfuUrl, await token("publisher", true)]);
  await sleep(2000);

  // Ingest only (publisher, no viewers): the fixed cost of receiving the layers.
  const ingest0 = (await request("cpu")).usage;
  const ingestT0 = process.hrtime.bigint();
  await sleep((SECONDS * 1000) / 2);
  const ingest1 = (await request("cpu")).usage;
  const ingestWallS = Number(process.hrtime.bigint() - ingestT0) / 1e9;
  const ingestCpuPerMin =
    ((ingest1.user - ingest0.user + ingest1.system - ingest0.system) / 1e6 / ingestWallS) * 60;

  // 3. Connect → first frame, one fresh viewer at a time.
  const firstFrames = [];
  for (let i = 0; i < TRIALS; i++) {
    const viewer = await open();
    await viewer.evaluate(([u, t]) => window.bench.view(u, t), [sfuUrl, await token(`trial-${i}`, false)]);
    firstFrames.push(await waitFirstFrame(viewer));
    await viewer.evaluate(() => window.bench.leave());
    await viewer.context().close();
  }

  // 4. Steady state: N viewers, latency samples and SFU CPU over the same window.
  const viewers = [];
  for (let i = 0; i < VIEWERS; i++) {
    const v = await open();
    await v.evaluate(([u, t]) => window.bench.view(u, t), [sfuUrl, await token(`viewer-${i}`, false)]);
    viewers.push(v);
  }
  await Promise.all(viewers.map((v) => waitFirstFrame(v)));
  await sleep(3000); // let the layer settle
  const since = Date.now();
  const cpu0 = (await request("cpu")).usage;
  const t0 = process.hrtime.bigint();
  await sleep(SECONDS * 1000);
  const cpu1 = (await request("cpu")).usage;
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuS = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1e6;
  const results = await Promise.all(viewers.map((v) => v.evaluate((s) => window.bench.samples(s), since)));
  const latencies = results.flatMap((r) => r.latencies.map((l) => l.ms));
  const widths = [...new Set(results.flatMap((r) => r.latencies.map((l) => l.width)))];
  const misreads = results.reduce((n, r) => n + r.misreads, 0);
  const streamMinutes = (VIEWERS * wallS) / 60;

  const fmt = (x) => (Number.isFinite(x) ? Math.round(x).toString() : "n/a");
  console.log(`\n### Dev SFU on loopback (${new Date().toISOString()}, ${TRIALS} joins, ${VIEWERS} viewers × ${Math.round(wallS)} s)\n`);
  console.log("| metric | median | p95 | samples |");
  console.log("|---|---|---|---|");
  console.log(`| subscriber connect → first decoded frame (ms) | ${fmt(quantile(firstFrames, 0.5))} | ${fmt(quantile(firstFrames, 0.95))} | ${firstFrames.length} |`);
  console.log(`| glass-to-glass latency (ms) | ${fmt(quantile(latencies, 0.5))} | ${fmt(quantile(latencies, 0.95))} | ${latencies.length} frames (${misreads} unreadable) |`);
  const marginal = ((cpuS / wallS) * 60 - ingestCpuPerMin) / VIEWERS;
  console.log(`| SFU CPU per forwarded video stream-minute, all-in (s) | ${(cpuS / streamMinutes).toFixed(2)} | – | ${cpuS.toFixed(2)} CPU s over ${streamMinutes.toFixed(2)} stream-min |`);
  console.log(`| SFU CPU per forwarded video stream-minute, above ingest (s) | ${marginal.toFixed(2)} | – | ingest alone: ${ingestCpuPerMin.toFixed(2)} CPU s/min |`);
  const paths = {};
  for (const s of signals) paths[s.path] = (paths[s.path] ?? 0) + 1;
  const pathText = Object.entries(paths).map(([p, n]) => `${p} ×${n}`).join(", ");
  console.log(`\nSignaling paths accepted: ${pathText || "not reported (SFU without onSignal)"}.`);
  console.log(`Viewer resolutions seen: ${widths.join(", ")} px wide. Publisher: 640×360 canvas at 30 fps, default publish options (VP8, simulcast).`);
  await Promise.all([publisher, ...viewers].map((p) => p.evaluate(() => window.bench.leave()).catch(() => undefined)));
} finally {
  await browser.close();
  http.close();
  child.send({ type: "close" });
  await new Promise((r) => child.once("exit", r));
}
