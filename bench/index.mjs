// `npm run bench`: every benchmark, one table. Runs in this order (each part alone on the machine):
//   1. bytes (esbuild builds the naive eager bundle in this run),
//   2. scaling (documents read by alerts:active as ended-alert history grows),
//   3. the browser benchmarks on the example pages (press-to-live, viewer join, bytes once live),
//   4. the devkit's own benchmarks, as child processes: bench/convex-propagation.mjs,
//      bench/sfu-media.mjs (glass-to-glass) and bench/press-flood.mjs (a real press under a flood
//      and in a mass incident); their markdown rows are folded into the table.
// Prints the table and writes it, with the machine and date, into docs/performance.md.
//
// Usage: node --import tsx bench/index.mjs [--quick] [--no-write]
import { execFile } from "node:child_process";
import { cpus, totalmem, platform, release, loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildNaiveBundle, cdnSizes } from "./bytes.mjs";
import { measureScaling } from "./scaling.mjs";
import { measureBrowser } from "./press-to-live.mjs";
import { waterfallSvg, waterfallTable } from "./waterfall.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const QUICK = process.argv.includes("--quick");
// Other work on the machine skews every number; the table says how busy it was when the run began.
const LOAD_AT_START = loadavg()[0];
const WRITE = !process.argv.includes("--no-write");
const TRIALS = QUICK ? 3 : 10;

const log = (...a) => console.error(...a);
const failures = [];
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "n/a");
const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KB` : "n/a");

/** Runs a devkit benchmark script and returns its stdout (or null, with the reason logged). */
function runScript(file, args, timeoutMs) {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(root, "bench", file), ...args], { cwd: root, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        log(`  ${file} failed: ${error.message.split("\n")[0]}\n${String(stderr).slice(-600)}`);
        failures.push(`${file}: ${error.message.split("\n")[0]}`);
        resolve(null);
      } else resolve(stdout);
    });
  });
}

/** Markdown table rows of a script's output, as arrays of trimmed cells. */
function rows(stdout) {
  return (stdout ?? "")
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|[\s:|-]+\|$/.test(l))
    .map((l) => l.slice(1, -1).split("|").map((c) => c.trim()));
}

const table = [];
const add = (what, median, p95, n, baseline = "") => table.push([what, median, p95, String(n), baseline]);

// 1. Bytes.
log("bytes: building the naive eager bundle…");
const naive = await buildNaiveBundle();
const cdn = cdnSizes();

// 2. Scaling.
log("scaling: seeding 100 / 1,000 / 10,000 ended alerts…");
// A part that fails leaves its rows as "failed" rather than losing the whole table.
async function attempt(name, fn, fallback) {
  try {
    return await fn();
  } catch (error) {
    log(`  ${name} failed: ${error?.stack ?? error}`);
    failures.push(`${name}: ${String(error?.message ?? error).split("\n")[0]}`);
    return fallback;
  }
}
const scaling = await attempt("scaling", () => measureScaling({ sizes: QUICK ? [100, 1000] : [100, 1000, 10_000], active: 3 }), []);

// 3. Browser benchmarks.
log(`browser: ${TRIALS} press-to-live trials, ${TRIALS} viewer joins…`);
const browser = await attempt("browser", () => measureBrowser({ trials: TRIALS, log }), {
  pressToListed: [],
  pressToFrame: [],
  holdToButtonLive: [],
  holdToPublisherConnected: [],
  viewerJoin: [],
  bytes: { student: NaN, dispatcher: NaN },
  waterfalls: [],
  signalPaths: { publisher: [], viewer: [], viewerJoin: [] },
});

// 4. Devkit benchmarks.
log("convex propagation (bench/convex-propagation.mjs)…");
const propagation = rows(await runScript("convex-propagation.mjs", ["--runs", QUICK ? "30" : "200", "--clients", "1,100"], 8 * 60_000));
log("dev SFU glass-to-glass (bench/sfu-media.mjs)…");
log("a real press under a flood, and 100 people within 60 s (bench/press-flood.mjs)…");
const pressFlood = rows(await runScript("press-flood.mjs", ["--presses", QUICK ? "10" : "30", "--people", "100", "--window", QUICK ? "20" : "60"], 6 * 60_000));
const sfu = rows(await runScript("sfu-media.mjs", ["--trials", QUICK ? "3" : "10", "--seconds", QUICK ? "5" : "15", "--viewers", "2"], 5 * 60_000));

// The table.
add("press-to-live: hold complete → alert listed on the dashboard", ms(quantile(browser.pressToListed, 0.5)), ms(quantile(browser.pressToListed, 0.95)), browser.pressToListed.length);
add("press-to-live: hold complete → first video frame on the dashboard", ms(quantile(browser.pressToFrame, 0.5)), ms(quantile(browser.pressToFrame, 0.95)), browser.pressToFrame.length);
add("hold complete → the student's button shows LIVE", ms(quantile(browser.holdToButtonLive, 0.5)), ms(quantile(browser.holdToButtonLive, 0.95)), browser.holdToButtonLive.length);
add("hold complete → the student's WebRTC connection to the SFU is up", ms(quantile(browser.holdToPublisherConnected, 0.5)), ms(quantile(browser.holdToPublisherConnected, 0.95)), browser.holdToPublisherConnected.length, "publisher's share of press-to-first-frame");
add("viewer join: `<alert-stream-viewer>` attached → first frame", ms(quantile(browser.viewerJoin, 0.5)), ms(quantile(browser.viewerJoin, 0.95)), browser.viewerJoin.length, browser.viewerJoinFailures ? `${browser.viewerJoinFailures} join(s) showed no frame within 20 s` : "");

const sfuRow = (re) => sfu.find((r) => re.test(r[0]));
const g2g = sfuRow(/glass-to-glass/);
add("glass-to-glass latency, loopback (timestamp drawn on the publisher's canvas)", g2g ? `${g2g[1]} ms` : "n/a", g2g ? `${g2g[2]} ms` : "n/a", g2g ? g2g[3] : "–", "dev SFU, raw livekit-client (bench/sfu-media.mjs)");
const sub = sfuRow(/first decoded frame/);
if (sub) add("dev SFU alone: subscriber connect → first frame", `${sub[1]} ms`, `${sub[2]} ms`, sub[3], "reference for viewer join");
// Issue 13: the SDK's viewer against raw livekit-client joining the same dev SFU in this run.
const sdkJoin = quantile(browser.viewerJoin, 0.5);
const rawJoin = sub ? Number(sub[1]) : NaN;
add("viewer join ratio: SDK `<alert-stream-viewer>` ÷ raw livekit-client (medians)", Number.isFinite(sdkJoin / rawJoin) ? `${(sdkJoin / rawJoin).toFixed(2)}×` : "n/a", "–", "–", "target ≤ 1.3× and SDK < 350 ms; the SDK's join includes alerts:get and media:viewToken");
const pathCount = (xs) => {
  const counts = {};
  for (const p of xs) counts[p] = (counts[p] ?? 0) + 1;
  return Object.entries(counts).map(([p, n]) => `${p} ×${n}`).join(", ") || "none recorded";
};
add("signalling path of each LiveKit join", "–", "–", browser.signalPaths.publisher.length + browser.signalPaths.viewer.length + browser.signalPaths.viewerJoin.length, `reporter: ${pathCount(browser.signalPaths.publisher)}; dashboard: ${pathCount(browser.signalPaths.viewer)}; viewer-join page: ${pathCount(browser.signalPaths.viewerJoin)}`);
for (const r of propagation) {
  if (!/^\d+$/.test(r[0])) continue;
  add(`Convex propagation: alerts:start → other client's update, ${r[0]} subscribed`, `${r[2]} ms`, `${r[3]} ms`, r[1], r[0] === "1" ? "" : `all ${r[0]} see it: median ${r[4]} ms, p95 ${r[5]} ms`);
}

for (const r of pressFlood) {
  if (r.length < 5 || !/^\d+$/.test(r[1])) continue;
  add(`a real press, hold complete → alert created: ${r[0]}`, `${r[2]} ms`, `${r[3]} ms`, r[1], `max ${r[4]} ms`);
}

add("bytes: CDN entry chunk (`alertrun.js`), gzip", kb(cdn.entry.gzip), "–", 1, `naive eager bundle ${kb(naive.gzip)}: ${(naive.gzip / cdn.entry.gzip).toFixed(1)}× larger`);
add("bytes: everything the campus page fetched once live, gzip", kb(browser.bytes.student), "–", 1, `${(browser.bytes.student / naive.gzip).toFixed(2)}× the naive bundle (which lacks AlertRun's own code); only the entry blocks first render, the rest loads at idle or on press`);
add("bytes: everything the dashboard fetched once playing, gzip", kb(browser.bytes.dispatcher), "–", 1, "includes Leaflet (lazy)");
add("bytes: naive eager bundle (lit + convex + livekit-client, esbuild, this run), gzip", kb(naive.gzip), "–", 1, "baseline");

const scaleReads = scaling.map((s) => s.reads).join(" / ");
const naiveReads = scaling.map((s) => s.naiveReads).join(" / ");
const sizes = scaling.map((s) => s.history.toLocaleString("en-US")).join(" / ");
add(`scaling: documents read by \`alerts:active\` with ${sizes} ended alerts (3 active)`, scaleReads, "–", scaling.length, `naive filter query: ${naiveReads}`);

// The waterfall of the median press → first frame trial (bench/waterfall.mjs).
let waterfall = "";
if (browser.waterfalls.length) {
  const order = browser.pressToFrame.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const [medianFrame, medianIndex] = order[Math.floor((order.length - 1) / 2)];
  const rowsOfMedian = browser.waterfalls[medianIndex];
  // The lower median of an even count: a trial that happened, not an average of two.
  waterfall = `### Press → first frame, median trial (${Math.round(medianFrame)} ms; the lower median for an even count)\n\nTimes are from the moment the hold completes; negative times happen while the button is still held.\n\n${waterfallTable(rowsOfMedian)}\n\n![Waterfall of the median press](performance-waterfall.svg)`;
  if (WRITE) writeFileSync(path.join(root, "docs/performance-waterfall.svg"), waterfallSvg(rowsOfMedian, `Press → first frame, (lower) median of ${order.length} trials: ${Math.round(medianFrame)} ms after the hold completes`));
}

const header = "| measure | median | p95 | n | baseline / notes |\n|---|---:|---:|---:|---|";
const markdown =
  [header, ...table.map((r) => `| ${r.join(" | ")} |`)].join("\n") + (failures.length ? `\n\nFailed parts: ${failures.join("; ")}` : "") + (waterfall ? `\n\n${waterfall}` : "");

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model?.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}, Chromium (Debian) headless, load average ${LOAD_AT_START.toFixed(1)} at start`;
const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
console.log(`\nAlertRun benchmarks — ${date}\n${machine}${QUICK ? " (quick run)" : ""}\n\n${markdown}\n`);

if (WRITE) {
  const doc = path.join(root, "docs/performance.md");
  const text = readFileSync(doc, "utf8");
  const begin = "<!-- bench:begin -->";
  const end = "<!-- bench:end -->";
  const block = `${begin}\nMeasured ${date} on ${machine}${QUICK ? " (quick run: fewer trials)" : ""}.\n\n${markdown}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  writeFileSync(doc, i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`);
  log(`wrote ${path.relative(root, doc)}`);
}
process.exit(failures.length ? 1 : 0);
