#!/usr/bin/env node
// A real press under load: hold complete → alert created (the `alerts:start` round trip, which is
// what the button waits for before it can go live), with the real convex/browser client against
// the devkit's dev backend running packages/backend's real functions.
//
// Scenarios, each on a fresh backend:
//   quiet  — one person presses, nobody else is on the site (the no-flood figure);
//   flood  — the same presses while an anonymous client floods starts (a burst of 25, then
//            --flood-rate per second, each with a fresh clientRequestId), in its own process;
//   mass   — 100 distinct people (one ConvexClient each) press at random moments within 60 s.
// The backend runs in a child process on ephemeral loopback ports, the flooder in another, so
// neither shares the measuring client's event loop.
//
// Usage: node --import tsx bench/press-flood.mjs [--presses 30] [--people 100] [--window 60]
//        [--flood-rate 20]
import { forkPart } from "./child.mjs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const devkit = join(root, "packages/devkit");
const convexPkg = createRequire(join(devkit, "package.json")).resolve("convex/package.json");
const loadClient = async () => (await import(pathToFileURL(join(dirname(convexPkg), "dist/esm/browser/index-node.js")).href)).ConvexClient;
const SITE = "demo";
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const randomId = (prefix) => `${prefix}_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`.slice(0, 64);

// ---- backend process ---------------------------------------------------------------------------
if (process.argv.includes("--serve")) {
  const { startDevBackend } = await import(pathToFileURL(join(devkit, "src/index.ts")).href);
  const backend = await startDevBackend({ port: 0, sitePort: 0 });
  process.on("message", async (m) => {
    if (m.type === "stop") {
      await backend.close();
      process.exit(0);
    }
  });
  process.send({ type: "ready", url: backend.url });
  await new Promise(() => {});
}

// ---- flooding process --------------------------------------------------------------------------
if (process.argv.includes("--flood")) {
  const ConvexClient = await loadClient();
  const url = arg("url");
  const rate = Number(arg("flood-rate", "20"));
  const client = new ConvexClient(url, { logger: false });
  let sent = 0;
  let failed = 0;
  const fire = () => {
    sent++;
    client.mutation("alerts:start", { site: SITE, clientRequestId: randomId("flood"), category: "flood" }).catch(() => failed++);
  };
  for (let i = 0; i < 25; i++) fire();
  const timer = setInterval(fire, 1000 / rate);
  process.on("message", async (m) => {
    if (m.type === "stop") {
      clearInterval(timer);
      process.send({ type: "flood-stats", sent, failed });
      await client.close();
      process.exit(0);
    }
  });
  process.send({ type: "flooding" });
  await new Promise(() => {});
}

// ---- measuring process -------------------------------------------------------------------------
const PRESSES = Number(arg("presses", "30"));
const PEOPLE = Number(arg("people", "100"));
const WINDOW_S = Number(arg("window", "60"));
const FLOOD_RATE = Number(arg("flood-rate", "20"));
const ConvexClient = await loadClient();

const spawn = (args) => forkPart(fileURLToPath(import.meta.url), args);

async function withBackend(fn) {
  const server = spawn(["--serve"]);
  const { url } = await server.next("ready");
  try {
    return await fn(url);
  } finally {
    server.child.send({ type: "stop" });
    await new Promise((resolve) => server.child.once("exit", resolve));
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One press: a fresh clientRequestId, timed from the call to the resolved `{alertId, ownerKey}`. */
async function press(client) {
  const t0 = performance.now();
  const { alertId } = await client.mutation("alerts:start", { site: SITE, clientRequestId: randomId("real") });
  if (!alertId) throw new Error("no alert");
  return performance.now() - t0;
}

/** `PRESSES` presses one after another (500 ms apart), each on a fresh connection like a new page. */
async function sequential(url) {
  const out = [];
  for (let i = 0; i < PRESSES + 3; i++) {
    const client = new ConvexClient(url, { logger: false });
    await client.query("sites:get", { site: SITE }); // the page has loaded and connected before the hold
    const ms = await press(client);
    if (i >= 3) out.push(ms); // warm-up
    await client.close();
    await sleep(500);
  }
  return out;
}

const quiet = await withBackend(sequential);

let floodStats = { sent: 0, failed: 0 };
const flood = await withBackend(async (url) => {
  const flooder = spawn(["--flood", "--url", url, "--flood-rate", String(FLOOD_RATE)]);
  await flooder.next("flooding");
  await sleep(2_000); // the burst has landed and the sustained flood is running
  try {
    return await sequential(url);
  } finally {
    flooder.child.send({ type: "stop" });
    floodStats = await flooder.next("flood-stats");
  }
});

const mass = await withBackend(async (url) => {
  const clients = Array.from({ length: PEOPLE }, () => new ConvexClient(url, { logger: false }));
  await Promise.all(clients.map((c) => c.query("sites:get", { site: SITE })));
  const times = await Promise.all(
    clients.map(async (client) => {
      await sleep(Math.random() * WINDOW_S * 1000);
      return press(client);
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
  return times;
});

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const f = (x) => Math.round(x).toString();
const row = (what, xs) => `| ${what} | ${xs.length} | ${f(quantile(xs, 0.5))} | ${f(quantile(xs, 0.95))} | ${f(Math.max(...xs))} |`;

console.log(`\nA real press: hold complete → alert created (alerts:start round trip), dev backend, loopback, ${new Date().toISOString()}\n`);
console.log("| scenario | presses | median (ms) | p95 (ms) | max (ms) |");
console.log("|---|---:|---:|---:|---:|");
console.log(row("quiet site (no flood)", quiet));
console.log(row(`anonymous flood: burst of 25, then ${FLOOD_RATE} starts/s (${floodStats.sent} sent, ${floodStats.failed} refused)`, flood));
console.log(row(`${PEOPLE} distinct people within ${WINDOW_S} s`, mass));
process.exit(0);
