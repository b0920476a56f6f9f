#!/usr/bin/env node
// Alert propagation through the devkit's dev backend, with the real convex/browser client:
// client B calls `alerts:start`, subscribed clients see it in `alerts:active`. Measured with 1 and
// with 100 subscribed clients: time until client A (the first subscriber) sees the alert, and until
// every subscriber has. The backend (packages/backend's real functions) runs in a child process on
// ephemeral loopback ports so the clients' work does not share its event loop.
// Between runs (untimed) the alert is ended and the site's rate-limit buckets are cleared, so every
// run starts from one quiet site.
// Usage: node bench/convex-propagation.mjs [--runs 200] [--clients 1,100]
import { forkPart } from "./child.mjs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const devkit = join(root, "packages/devkit");

// ---- backend process -------------------------------------------------------------------------
if (process.argv.includes("--serve")) {
  const { startDevBackend } = await import(pathToFileURL(join(devkit, "src/index.ts")).href);
  const backend = await startDevBackend({ port: 0, sitePort: 0 });
  process.on("message", async (m) => {
    if (m.type === "reset") {
      await backend.run(async (ctx) => {
        for (const row of await ctx.db.query("rateLimits").collect()) await ctx.db.delete(row._id);
      });
      process.send({ type: "reset-done" });
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
const CLIENT_COUNTS = arg("clients", "1,100").split(",").map(Number);
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

const f = (x) => x.toFixed(1);
console.log(`\nAlert propagation, dev backend (alertrun-dev), ${RUNS} runs each, loopback, ${new Date().toISOString()}\n`);
console.log("| subscribed clients | runs | A sees it: median (ms) | A: p95 (ms) | all see it: median (ms) | all: p95 (ms) |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.n} | ${r.toA.length} | ${f(quantile(r.toA, 0.5))} | ${f(quantile(r.toA, 0.95))} | ${f(quantile(r.toAll, 0.5))} | ${f(quantile(r.toAll, 0.95))} |`);
}
process.exit(0);
