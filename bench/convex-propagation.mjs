#!/usr/bin/env node
// Alert propagation through the devkit's dev backend, with the real convex/browser client:
// client B calls `alerts:start`, subscribed clients see it in `alerts:active`. Measured with 1 and
// with 100 subscribed clients: time until client A (the first subscriber) sees the alert, and until
// every subscriber has. The backend (packages/backend's real functions) runs in a child process on
// ephemeral loopback ports so the clients' work does not share its event loop.
// Between runs (untimed) the alert is ended and the site's rate-limit buckets are cleared, so every
// run starts from one quiet site.
//
// With `--load N` it also measures, for each invalidation mode of the dev backend (`every-commit`,
// the former behaviour, as the baseline; `read-set`, the default), N dashboards subscribed to
// `alerts:active` (each signed in as its own responder) during a mass incident (100 active alerts) while unrelated writes stream in
// (viewers' `media:viewToken` calls, whose rate-limit rows are written, and the reporters'
// `heartbeat:beat`): the time of one more `media:viewToken` call, and `alerts:start` → the first
// dashboard's update. Each mode gets a fresh backend process; same clients, rates and runs.
// Usage: node bench/convex-propagation.mjs [--runs 200] [--clients 1,100] [--load 20 --load-runs 60 --load-rate 10]
import { forkPart } from "./child.mjs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadavg } from "node:os";

const root = fileURLToPath(new URL("..", import.meta.url));
const devkit = join(root, "packages/devkit");

// ---- backend process -------------------------------------------------------------------------
if (process.argv.includes("--serve")) {
  const { startDevBackend } = await import(pathToFileURL(join(devkit, "src/index.ts")).href);
  const modeAt = process.argv.indexOf("--invalidation");
  const invalidation = modeAt > 0 ? process.argv[modeAt + 1] : undefined;
  const backend = await startDevBackend({ port: 0, sitePort: 0, ...(invalidation ? { invalidation } : {}) });
  const clearLimits = () =>
    backend.run(async (ctx) => {
      for (const row of await ctx.db.query("rateLimits").collect()) await ctx.db.delete(row._id);
    });
  process.on("message", async (m) => {
    if (m.type === "reset") {
      await clearLimits();
      process.send({ type: "reset-done" });
    } else if (m.type === "incident") {
      // A mass incident on the site: `count` active alerts (rate limits cleared as they fill).
      const alerts = [];
      for (let i = 0; i < m.count; i++) {
        if (i % 5 === 0) await clearLimits();
        alerts.push(await backend.runFunction("alerts:start", { site: m.site, clientRequestId: `incident-${i}-${Math.random().toString(36).slice(2, 12)}` }));
      }
      await clearLimits();
      process.send({ type: "incident-done", alerts });
    } else if (m.type === "tokens") {
      const { mintDevIdentityToken } = await import(pathToFileURL(join(devkit, "src/index.ts")).href);
      const tokens = [];
      for (let i = 0; i < m.count; i++) tokens.push(await mintDevIdentityToken({ subject: `dashboard-${i}`, name: `Dashboard ${i}` }));
      process.send({ type: "tokens-done", tokens });
    } else if (m.type === "stats") {
      process.send({ type: "stats-done", stats: backend.stats() });
    } else if (m.type === "stop") {
      await backend.close();
      process.exit(0);
    }
  });
  process.send({ type: "ready", url: backend.url });
  await new Promise(() => {});
}

// ---- clients ---------------------------------------------------------------------------------
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg("runs", "200"));
const CLIENT_COUNTS = arg("clients", "1,100").split(",").map(Number).filter((n) => n > 0);
const WARMUP = 10;
const SITE = "demo";

const convexPkg = createRequire(join(devkit, "package.json")).resolve("convex/package.json");
const { ConvexClient } = await import(pathToFileURL(join(dirname(convexPkg), "dist/esm/browser/index-node.js")).href);

// tsx loads the TypeScript sources (no build step).
const { child, next: nextMessage } = forkPart(fileURLToPath(import.meta.url), ["--serve"]);
const { url } = await nextMessage("ready");

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const withTimeout = (p, ms, what) =>
  Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms))]);

async function measure(n) {
  const b = new ConvexClient(url, { logger: false });
  const subscribers = [];
  for (let i = 0; i < n; i++) {
    const c = new ConvexClient(url, { logger: false });
    const s = { client: c, latest: [], waiters: new Set() };
    c.onUpdate("alerts:active", { site: SITE }, (v) => {
      s.latest = v;
      for (const w of s.waiters) w();
    });
    subscribers.push(s);
  }
  const until = (s, pred) =>
    new Promise((resolve) => {
      const check = () => {
        if (pred(s.latest)) {
          s.waiters.delete(check);
          resolve(performance.now());
        }
      };
      s.waiters.add(check);
      check();
    });
  // Everyone connected and subscribed.
  await withTimeout(Promise.all(subscribers.map((s) => until(s, (v) => Array.isArray(v)))), 30_000, "initial subscriptions");

  const toA = [];
  const toAll = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    child.send({ type: "reset" });
    await nextMessage("reset-done");
    const requestId = `bench-${n}-${run}-${Math.random().toString(36).slice(2, 10)}`;
    const t0 = performance.now();
    const started = b.mutation("alerts:start", { site: SITE, clientRequestId: requestId });
    const { alertId, ownerKey } = await started;
    const seen = await withTimeout(
      Promise.all(subscribers.map((s) => until(s, (v) => v.some((a) => a.alertId === alertId)))),
      30_000,
      `run ${run} propagation`,
    );
    if (run >= WARMUP) {
      toA.push(seen[0] - t0);
      toAll.push(Math.max(...seen) - t0);
    }
    await b.mutation("alerts:end", { alertId, ownerKey, reason: "bench" });
    await withTimeout(Promise.all(subscribers.map((s) => until(s, (v) => !v.some((a) => a.alertId === alertId)))), 30_000, "end");
  }
  await Promise.all([b.close(), ...subscribers.map((s) => s.client.close())]);
  return { n, toA, toAll };
}

const rows = [];
for (const n of CLIENT_COUNTS) rows.push(await measure(n));
child.send({ type: "stop" });

// ---- under load: read-set invalidation against the every-commit baseline ----------------------
const LOAD = Number(arg("load", "0"));
const LOAD_RUNS = Number(arg("load-runs", "60"));
/** Unrelated writes per second: viewers asking for tokens, reporters beating. */
const VIEW_TOKENS_PER_S = Number(arg("load-rate", "10"));
const BEATS_PER_S = VIEW_TOKENS_PER_S;

async function measureUnderLoad(invalidation, n) {
  const part = forkPart(fileURLToPath(import.meta.url), ["--serve", "--invalidation", invalidation]);
  const { url: loadUrl } = await part.next("ready");
  part.child.send({ type: "incident", site: SITE, count: 100 });
  const { alerts } = await part.next("incident-done");
  // Each dashboard signed in as its own responder: one query result per identity, as in a
  // deployment where every dashboard's `alerts:active` is its own subscription.
  part.child.send({ type: "tokens", count: n });
  const { tokens } = await part.next("tokens-done");
  const b = new ConvexClient(loadUrl, { logger: false });
  const loader = new ConvexClient(loadUrl, { logger: false });
  const dashboards = [];
  for (let i = 0; i < n; i++) {
    const c = new ConvexClient(loadUrl, { logger: false });
    c.setAuth(async () => tokens[i]);
    const s = { client: c, latest: [], waiters: new Set() };
    c.onUpdate("alerts:active", { site: SITE }, (v) => {
      s.latest = v;
      for (const w of s.waiters) w();
    });
    dashboards.push(s);
  }
  const until = (s, pred) =>
    new Promise((resolve) => {
      const check = () => {
        if (Array.isArray(s.latest) && pred(s.latest)) {
          s.waiters.delete(check);
          resolve(performance.now());
        }
      };
      s.waiters.add(check);
      check();
    });
  await withTimeout(Promise.all(dashboards.map((s) => until(s, (v) => v.length > 0))), 60_000, "initial subscriptions");

  // The stream of unrelated writes, open loop (a slow backend does not slow the stream down).
  let k = 0;
  let loadErrors = 0;
  const pick = () => alerts[k++ % alerts.length];
  const viewers = setInterval(() => {
    const { alertId } = pick();
    loader.action("media:viewToken", { alertId, viewerId: `load-${k}` }).catch(() => (loadErrors += 1));
  }, 1000 / VIEW_TOKENS_PER_S);
  const beats = setInterval(() => {
    const { alertId, ownerKey } = pick();
    loader.mutation("heartbeat:beat", { alertId, ownerKey }).catch(() => (loadErrors += 1));
  }, 1000 / BEATS_PER_S);
  const statsNow = async () => {
    part.child.send({ type: "stats" });
    return (await part.next("stats-done")).stats;
  };

  const viewToken = [];
  const toA = [];
  const loadAvg = [];
  await new Promise((r) => setTimeout(r, 1000));
  const before = await statsNow();
  const startedAt = performance.now();
  for (let run = 0; run < WARMUP + LOAD_RUNS; run++) {
    const { alertId } = alerts[run % alerts.length];
    const t0 = performance.now();
    await b.action("media:viewToken", { alertId, viewerId: `measured-${run}` });
    const t1 = performance.now();
    const { alertId: started, ownerKey } = await b.mutation("alerts:start", { site: SITE, clientRequestId: `load-${invalidation}-${run}-${Math.random().toString(36).slice(2, 10)}` });
    const seen = await withTimeout(until(dashboards[0], (v) => v.some((a) => a.alertId === started)), 30_000, `run ${run} propagation`);
    if (run >= WARMUP) {
      viewToken.push(t1 - t0);
      toA.push(seen - t1);
      loadAvg.push(loadavg()[0]);
    }
    await b.mutation("alerts:end", { alertId: started, ownerKey, reason: "bench" });
    // Untimed: keep the measured client's own limits from filling (the load's are shared).
    if (run % 5 === 4) {
      part.child.send({ type: "reset" });
      await part.next("reset-done");
    }
    // Untimed: let the dashboards' updates for this run's own start and end settle, so the next
    // call meets only the unrelated stream.
    await new Promise((r) => setTimeout(r, 250));
  }
  const after = await statsNow();
  const seconds = (performance.now() - startedAt) / 1000;
  clearInterval(viewers);
  clearInterval(beats);
  await Promise.all([b.close(), loader.close(), ...dashboards.map((s) => s.client.close())]);
  part.child.send({ type: "stop" });
  return {
    invalidation,
    n,
    viewToken,
    toA,
    queryRunsPerS: (after.queryRuns - before.queryRuns) / seconds,
    commitsPerS: (after.commits - before.commits) / seconds,
    loadErrors,
    load: loadAvg.reduce((x, y) => x + y, 0) / Math.max(1, loadAvg.length),
  };
}

const loadRows = [];
if (LOAD > 0) for (const mode of ["every-commit", "read-set"]) loadRows.push(await measureUnderLoad(mode, LOAD));

const f = (x) => x.toFixed(1);
console.log(`\nAlert propagation, dev backend (alertrun-dev), ${RUNS} runs each, loopback, ${new Date().toISOString()}\n`);
console.log("| subscribed clients | runs | A sees it: median (ms) | A: p95 (ms) | all see it: median (ms) | all: p95 (ms) |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.n} | ${r.toA.length} | ${f(quantile(r.toA, 0.5))} | ${f(quantile(r.toA, 0.95))} | ${f(quantile(r.toAll, 0.5))} | ${f(quantile(r.toAll, 0.95))} |`);
}
if (loadRows.length) {
  const base = loadRows[0];
  console.log(
    `\nUnder load: ${LOAD} dashboards on alerts:active, 100 active alerts, ${VIEW_TOKENS_PER_S} media:viewToken/s + ${BEATS_PER_S} heartbeat:beat/s unrelated writes, ${LOAD_RUNS} runs each (baseline: every-commit)\n`,
  );
  console.log("| invalidation | runs | media:viewToken: median (ms) | p95 (ms) | ÷ baseline | alerts:start → A sees it: median (ms) | p95 (ms) | ÷ baseline | queries run/s | commits/s | load average (1 min) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of loadRows) {
    const vt = quantile(r.viewToken, 0.5);
    const pa = quantile(r.toA, 0.5);
    console.log(
      `| ${r.invalidation} | ${r.viewToken.length} | ${f(vt)} | ${f(quantile(r.viewToken, 0.95))} | ${(vt / quantile(base.viewToken, 0.5)).toFixed(2)}× | ${f(pa)} | ${f(quantile(r.toA, 0.95))} | ${(pa / quantile(base.toA, 0.5)).toFixed(2)}× | ${r.queryRunsPerS.toFixed(0)} | ${r.commitsPerS.toFixed(0)} | ${r.load.toFixed(2)} |`,
    );
  }
  if (loadRows.some((r) => r.loadErrors)) console.log(`\nLoad calls refused (rate limits): ${loadRows.map((r) => `${r.invalidation} ${r.loadErrors}`).join(", ")}`);
}
process.exit(0);
