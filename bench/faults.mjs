// `npm run faults`: what a person in danger and a responder lose when things break mid-alert.
// Loopback only, bounded (one trial per fault, about five minutes in all). For each fault, a
// reporter tab (camera on, evidence recording) and a responder tab watching the site's latest
// alert; during the fault the reporter sends a chat message and the responder acknowledges.
// Faults:
//   - the reporter's network cut for 10 s during `starting`, and during `live` (browser offline
//     emulation: HTTP and WebSockets fail; WebRTC media is not covered by the emulation);
//   - the dev SFU killed and restarted (2 s down) mid-stream;
//   - the dev backend killed and restarted on the same data directory (3 s down);
//   - a reload of the reporter's tab mid-alert.
// Figures: alerts per press (must be 1), seconds from the end of the fault until the responder
// presents video again, evidence segments lost (gaps in the attached sequence), chat messages
// and acks lost, uncaught page errors. Prints a markdown table; `--write` puts it into
// docs/reliability.md between the FAULTS markers.
//
// Soak: 100 viewer sessions attached and closed one after another on one page: JS heap after GC,
// event listeners, DOM nodes, open WebSockets and RTCPeerConnections before and after.
//
// Usage: node --import tsx bench/faults.mjs [--write] [--only live-cut,reload,soak]
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (...a) => console.error(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SITE = "demo";
const only = (() => {
  const i = process.argv.indexOf("--only");
  return i >= 0 ? new Set(process.argv[i + 1].split(",")) : null;
})();

// ---- the stack, in this process, so each half can be killed and restarted ------------------

const devkit = await tsImport(path.join(root, "packages/devkit/src/index.ts"), import.meta.url);
const dataDir = mkdtempSync(path.join(tmpdir(), "alertrun-faults-"));
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sitePort = await freePort();
const sfuOptions = { port: await freePort(), apiKey: "devkey", apiSecret: "secret", webhookUrl: `http://127.0.0.1:${sitePort}/livekit/webhook`, log: () => undefined };
let sfu = await devkit.startDevSfu(sfuOptions);
const backendOptions = {
  port: await freePort(),
  sitePort,
  dataDir,
  env: { LIVEKIT_URL: sfu.url, LIVEKIT_API_KEY: "devkey", LIVEKIT_API_SECRET: "secret" },
};
let backend = await devkit.startDevBackend(backendOptions);
const convexUrl = backend.url;

// ---- the pages -------------------------------------------------------------------------------

const bundle = await build({
  entryPoints: [path.join(root, "bench/pages/faults-entry.ts")],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["development", "browser"],
  write: false,
  logLevel: "silent",
});
const js = bundle.outputFiles[0].text;
const html = `<!doctype html><meta charset="utf-8"><title>faults</title><script type="module" src="/faults.js"></script>`;
const pageServer = createServer((req, res) => {
  const { pathname } = new URL(req.url, "http://x");
  if (pathname === "/faults.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
  else res.writeHead(200, { "content-type": "text/html" }).end(html);
});
await new Promise((r) => pageServer.listen(0, "127.0.0.1", r));
const pageUrl = (role) => `http://127.0.0.1:${pageServer.address().port}/?role=${role}&convexUrl=${encodeURIComponent(convexUrl)}&site=${SITE}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--js-flags=--expose-gc", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--disable-gpu"],
});

async function openPage(role) {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pageUrl(role));
  await page.waitForFunction(() => !!window.bench);
  return { context, page, errors, state: () => page.evaluate(() => ({ ...window.bench.state })) };
}

async function until(tab, check, what, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await tab.state().catch(() => null);
    if (s && check(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
    await sleep(100);
  }
}

/** Seconds from `since` until the viewer presents frames again (the first frame after it). */
async function videoAgain(viewer, since, timeoutMs = 60_000) {
  const s = await until(viewer, (v) => v.lastFrameAt > since, "video again", timeoutMs).catch(() => null);
  return s ? (s.lastFrameAt - since) / 1000 : NaN;
}

const db = (fn) => backend.run(fn);

// ---- one fault -------------------------------------------------------------------------------

async function trial(name, fault) {
  log(`fault: ${name}`);
  const category = `fault-${name}-${Date.now()}`;
  const reporter = await openPage("reporter");
  const viewer = await openPage("viewer");
  await viewer.page.evaluate(() => window.bench.watch());
  const ctx = { reporter, viewer, category, chats: [], acked: false };
  const press = () => reporter.page.evaluate((c) => window.bench.press(c), category);
  /** A chat message and an ack during the fault (not awaited: they may wait for the network). */
  ctx.talk = (label, { ack = true } = {}) => {
    const text = `${name}: ${label}`;
    ctx.chats.push(text);
    void reporter.page.evaluate((t) => window.bench.chat(t), text).catch(() => undefined);
    if (ack && !ctx.acked) {
      ctx.acked = true;
      void viewer.page.evaluate(() => window.bench.ack()).catch(() => undefined);
    }
  };
  let restoredAt;
  try {
    restoredAt = await fault(ctx, press);
  } catch (error) {
    log(`  ${name} failed: ${error.message}`);
  }
  const row = { name, alerts: NaN, videoAgainS: NaN, longestGapS: NaN, segmentsLost: NaN, chatLost: NaN, acksLost: NaN, errors: NaN };
  try {
    row.videoAgainS = restoredAt ? await videoAgain(viewer, restoredAt) : NaN;
    row.longestGapS = (await viewer.state()).maxGapMs / 1000;
    // Let late work settle (queued chat, retried uploads), then end and collect.
    await sleep(6_000);
    await reporter.page.evaluate(() => window.bench.end());
    await until(reporter, (s) => s.state === "ended" || s.state === "error", "ended", 30_000);
    await sleep(2_000);
    const data = await db(async (ctx2) => {
      const alerts = (await ctx2.db.query("alerts").collect()).filter((a) => a.category === category);
      const out = [];
      for (const a of alerts) {
        const clips = await ctx2.db.query("clips").withIndex("by_alert_seq", (q) => q.eq("alertId", a._id)).collect();
        const messages = await ctx2.db.query("messages").withIndex("by_alert_sentAt", (q) => q.eq("alertId", a._id)).collect();
        out.push({ acks: a.acks.seen, seqs: clips.map((c) => c.seq), texts: messages.map((m) => m.text) });
      }
      return out;
    });
    row.alerts = data.length;
    const first = data[0] ?? { acks: 0, seqs: [], texts: [] };
    const maxSeq = Math.max(-1, ...first.seqs);
    // Segments closed by the page (after a reload, the count also holds re-queued ones, so only
    // gaps in the attached sequence count there), minus those attached.
    const after = await reporter.state();
    const closed = name === "reload" ? maxSeq + 1 : Math.max(maxSeq + 1, after.segments);
    row.segmentsLost = closed - new Set(first.seqs).size;
    row.chatLost = ctx.chats.filter((t) => !first.texts.includes(t)).length;
    row.acksLost = ctx.acked ? Math.max(0, 1 - first.acks) : 0;
    row.errors = reporter.errors.length + viewer.errors.length + (await reporter.state()).errors.length + (await viewer.state()).errors.length;
    log(`  ${JSON.stringify(row)}`);
  } catch (error) {
    log(`  ${name}: collecting failed: ${error.message}`);
  } finally {
    await reporter.context.close();
    await viewer.context.close();
  }
  return row;
}

const live = (ctx) => until(ctx.reporter, (s) => s.state === "live" && s.connection === "connected", "reporter live and publishing");
/** The responder watches; the longest frame gap is measured from here on. */
const viewing = async (ctx) => {
  await until(ctx.viewer, (s) => s.viewerState === "live" && s.frames > 0, "viewer live");
  await ctx.viewer.page.evaluate(() => window.bench.resetGap());
};

const FAULTS = {
  "starting-cut": async (ctx, press) => {
    await ctx.reporter.context.setOffline(true);
    await press();
    // No alert exists yet for the responder to acknowledge: only the reporter talks.
    ctx.talk("during the cut", { ack: false });
    await sleep(10_000);
    await ctx.reporter.context.setOffline(false);
    const restoredAt = Date.now();
    await live(ctx);
    await until(ctx.viewer, (v) => v.viewerState === "live", "viewer sees the alert");
    ctx.talk("after the cut");
    return restoredAt;
  },
  "live-cut": async (ctx, press) => {
    await press();
    await live(ctx);
    await viewing(ctx);
    await ctx.reporter.context.setOffline(true);
    ctx.talk("during the cut");
    await sleep(10_000);
    await ctx.reporter.context.setOffline(false);
    return Date.now();
  },
  "sfu-restart": async (ctx, press) => {
    await press();
    await live(ctx);
    await viewing(ctx);
    await sfu.close();
    ctx.talk("while the SFU is down");
    await sleep(2_000);
    sfu = await devkit.startDevSfu(sfuOptions);
    return Date.now();
  },
  "backend-restart": async (ctx, press) => {
    await press();
    await live(ctx);
    await viewing(ctx);
    await backend.close();
    ctx.talk("while the backend is down");
    await sleep(3_000);
    backend = await devkit.startDevBackend(backendOptions);
    return Date.now();
  },
  reload: async (ctx, press) => {
    await press();
    await live(ctx);
    await viewing(ctx);
    await until(ctx.reporter, (s) => s.segments >= 2, "two evidence segments");
    ctx.talk("just before the reload");
    await ctx.reporter.page.reload();
    await ctx.reporter.page.waitForFunction(() => !!window.bench);
    const restoredAt = Date.now();
    await until(ctx.reporter, (s) => s.recovered && s.state === "live", "recovered");
    return restoredAt;
  },
};

// ---- soak: viewer sessions come and go on one page ------------------------------------------

/** Counts the page's open WebSockets and RTCPeerConnections (installed before any page script). */
function countConnections() {
  const open = { ws: 0, pc: 0 };
  window.__open = open;
  const NativeWs = window.WebSocket;
  window.WebSocket = class extends NativeWs {
    constructor(...args) {
      super(...args);
      open.ws++;
      this.addEventListener("close", () => open.ws--);
    }
  };
  const NativePc = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePc {
    constructor(...args) {
      super(...args);
      open.pc++;
      let counted = true;
      const done = () => {
        if (counted) open.pc--;
        counted = false;
      };
      const close = this.close.bind(this);
      this.close = () => {
        done();
        close();
      };
      this.addEventListener("connectionstatechange", () => this.connectionState === "closed" && done());
    }
  };
}

async function soak(cycles) {
  log(`soak: ${cycles} viewer attach/detach cycles`);
  const reporter = await openPage("reporter");
  const context = await browser.newContext();
  await context.addInitScript(countConnections);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pageUrl("viewer"));
  await page.waitForFunction(() => !!window.bench);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const sample = async () => {
    await page.evaluate(() => window.gc?.());
    await sleep(500);
    await page.evaluate(() => window.gc?.());
    const { metrics } = await cdp.send("Performance.getMetrics");
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const open = await page.evaluate(() => ({ ...window.__open }));
    return { heapMb: m.JSHeapUsedSize / 1048576, listeners: m.JSEventListeners, nodes: m.Nodes, ...open };
  };
  try {
    await reporter.page.evaluate((c) => window.bench.press(c), `soak-${Date.now()}`);
    const r = await until(reporter, (s) => s.state === "live" && s.connection === "connected", "soak broadcast live");
    const warm = await page.evaluate(([id]) => window.bench.cycles(id, 10), [r.alertId]);
    const before = await sample();
    const ok = await page.evaluate(([id, n]) => window.bench.cycles(id, n), [r.alertId, cycles]);
    await sleep(3_000); // closing peer connections settle
    const after = await sample();
    if (process.env.FAULTS_DIAG) {
      for (let i = 0; i < 3; i++) {
        await sleep(3_000);
        const again = await sample();
        log(`  again ${i}: ${JSON.stringify(again)}`);
      }
      if (process.env.FAULTS_DIAG === "heap") {
        const chunks = [];
        cdp.on("HeapProfiler.addHeapSnapshotChunk", (e) => chunks.push(e.chunk));
        await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
        writeFileSync("/tmp/faults.heapsnapshot", chunks.join(""));
        log("  wrote /tmp/faults.heapsnapshot");
      }
      for (const expr of ["window", "document", "navigator.mediaDevices"]) {
        const { result } = await cdp.send("Runtime.evaluate", { expression: expr });
        const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
        const counts = {};
        for (const l of listeners) counts[l.type] = (counts[l.type] ?? 0) + 1;
        log(`  listeners on ${expr}: ${JSON.stringify(counts)}`);
      }
    }
    await reporter.page.evaluate(() => window.bench.end());
    const result = { cycles, withVideo: ok + warm - 10, before, after, errors: errors.length + (await page.evaluate(() => window.bench.state.errors.length)) };
    log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    await context.close();
    await reporter.context.close();
  }
}

const rows = [];
let soakResult = null;
const started = Date.now();
try {
  for (const [name, fault] of Object.entries(FAULTS)) {
    if (only && !only.has(name)) continue;
    rows.push(await trial(name, fault));
  }
  if (!only || only.has("soak")) soakResult = await soak(Number(process.env.FAULTS_SOAK_CYCLES ?? 100)).catch((e) => (log(`  soak failed: ${e.message}`), null));
} finally {
  await browser.close();
  await Promise.allSettled([backend.close(), sfu.close()]);
  pageServer.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const LABELS = {
  "starting-cut": "network cut 10 s during `starting`",
  "live-cut": "network cut 10 s during `live`",
  "sfu-restart": "dev SFU killed, back after 2 s",
  "backend-restart": "dev backend killed, back after 3 s (same data dir)",
  reload: "reporter's tab reloaded mid-alert",
};
const table = [
  "| fault | alerts per press | s until video again | longest video gap (s) | segments lost | chat lost | acks lost | uncaught errors |",
  "|---|---|---|---|---|---|---|---|",
  ...rows.map((r) => `| ${LABELS[r.name]} | ${fmt(r.alerts)} | ${fmt(r.videoAgainS, 1)} | ${fmt(r.longestGapS, 1)} | ${fmt(r.segmentsLost)} | ${fmt(r.chatLost)} | ${fmt(r.acksLost)} | ${fmt(r.errors)} |`),
].join("\n");
const soakTable = soakResult
  ? [
      "",
      `Soak: ${soakResult.cycles} viewer sessions attached, shown live and closed one after another on one page (after 10 to warm up); ${soakResult.withVideo} of them got video.`,
      "",
      "| after | JS heap (MB, after GC) | event listeners | DOM nodes | open WebSockets | open RTCPeerConnections | uncaught errors |",
      "|---|---|---|---|---|---|---|",
      ...[["10 cycles", soakResult.before], [`${soakResult.cycles + 10} cycles`, soakResult.after]].map(
        ([label, m]) => `| ${label} | ${m.heapMb.toFixed(1)} | ${m.listeners} | ${m.nodes} | ${m.ws} | ${m.pc} | ${label === "10 cycles" ? "" : soakResult.errors} |`,
      ),
    ].join("\n")
  : "";
const meta = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (load ${loadavg()[0].toFixed(1)} at the end), one trial per fault, ${Math.round((Date.now() - started) / 1000)} s in all.`;
console.log(`${table}\n${soakTable}\n\n${meta}`);
if (process.argv.includes("--write")) {
  const file = path.join(root, "docs/reliability.md");
  const doc = readFileSync(file, "utf8");
  const next = doc.replace(/<!-- FAULTS:BEGIN -->[\s\S]*<!-- FAULTS:END -->/, `<!-- FAULTS:BEGIN -->\n${table}\n${soakTable}\n\n${meta}\n<!-- FAULTS:END -->`);
  writeFileSync(file, next);
  log("wrote docs/reliability.md");
}
process.exit(0);
