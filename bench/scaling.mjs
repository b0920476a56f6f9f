// Scaling: how many documents `alerts:active` reads as a site's history of ENDED alerts grows from
// 100 to 10,000. It must stay flat: the query reads one index range (active alerts only), never the
// history. Runs the backend's real functions in convex-test (the runtime the dev backend uses) and
// counts reads at the syscall boundary, where every database read of a Convex function passes:
// `get` (one document), query streams (documents delivered), paginated pages.
//
// A stream with a filter or a full table scan examines more documents than it delivers; such
// streams are flagged and counted as the whole table, so a regression cannot hide.
//
// Usage: node --import tsx bench/scaling.mjs [--sizes 100,1000,10000] [--active 3]
import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// convex-test in this process is a development deployment (the backend otherwise refuses with
// config/missing without its production secrets).
process.env.ALERTRUN_DEV_DEPLOYMENT = "1";
const backendDir = path.join(root, "packages/backend");
const requireFromBackend = createRequire(path.join(backendDir, "package.json"));
const { convexTest } = await import(pathToFileURL(requireFromBackend.resolve("convex-test")).href);
const { makeFunctionReference } = await import(pathToFileURL(requireFromBackend.resolve("convex/server")).href);

/** The backend's modules as convex-test expects them: "./file.ts" → loader. */
function backendModules() {
  const dir = path.join(backendDir, "convex");
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) {
        out["./" + path.relative(dir, full).split(path.sep).join("/")] = () => import(pathToFileURL(full).href);
      }
    }
  };
  walk(dir);
  return out;
}

/** Wraps the Convex syscall globals (installed by convex-test) with read counters. */
function installReadCounter() {
  const inner = globalThis.Convex;
  const streams = new Map();
  const counter = {
    reads: 0,
    scans: [],
    active: false,
    reset() {
      this.reads = 0;
      this.scans = [];
      streams.clear();
    },
  };
  globalThis.Convex = {
    get syscall() {
      const sys = inner.syscall;
      return (op, json) => {
        const result = sys(op, json);
        if (counter.active && op === "1.0/queryStream") {
          const { query } = JSON.parse(json);
          const { queryId } = JSON.parse(result);
          const filtered = (query.operators ?? []).some((o) => "filter" in o);
          const tableScan = query.source.type !== "IndexRange";
          const table = (query.source.tableName ?? query.source.indexName).split(".")[0];
          streams.set(queryId, { table, flagged: filtered || tableScan });
          if (filtered || tableScan) counter.scans.push({ table, filtered, tableScan });
        }
        return result;
      };
    },
    get asyncSyscall() {
      const sys = inner.asyncSyscall;
      return async (op, json) => {
        const result = await sys(op, json);
        if (!counter.active) return result;
        if (op === "1.0/get" && JSON.parse(result) !== null) counter.reads += 1;
        if (op === "1.0/queryStreamNext") {
          const { queryId } = JSON.parse(json);
          const { done } = JSON.parse(result);
          if (!done && !streams.get(queryId)?.flagged) counter.reads += 1;
        }
        if (op === "1.0/queryPage") counter.reads += JSON.parse(result).page.length;
        return result;
      };
    },
    get jsSyscall() {
      return inner.jsSyscall;
    },
  };
  return counter;
}

function endedAlert(i, t) {
  return {
    site: "demo",
    requestHash: `history-${i}`,
    ownerKeyHash: "0".repeat(64),
    category: "history",
    status: "ended",
    startedAt: t - 60_000,
    endedAt: t,
    endReason: "resolved",
    room: `ar_history_${i}`,
    streamStatus: "ended",
    location: { lat: 42.36, lng: -71.09, accuracy: 10, at: t - 30_000 },
    acks: { seen: 2, on_my_way: 1, called_emergency_services: 0 },
    presenceViewers: 0,
    roomViewers: 0,
    lastSeenAt: t,
    staleAt: t,
    publisherMs: 60_000,
    viewerMs: 120_000,
    presenceMs: 120_000,
    purged: false,
    engagement: 1,
  };
}

/** Reads counted by the wrapper, with flagged streams (filters, table scans) charged the whole table. */
async function chargeReads(t, counter) {
  let reads = counter.reads;
  const scans = [...counter.scans];
  for (const scan of scans) reads += await t.run(async (ctx) => (await ctx.db.query(scan.table).collect()).length);
  return reads;
}

/**
 * @returns {Promise<Array<{history: number, active: number, reads: number, returned: number, ms: number, scans: object[]}>>}
 */
export async function measureScaling({ sizes = [100, 1000, 10_000], active = 3 } = {}) {
  const schema = (await import(pathToFileURL(path.join(backendDir, "convex/schema.ts")).href)).default;
  const modules = backendModules();
  const activeRef = makeFunctionReference("alerts:active");
  const startRef = makeFunctionReference("alerts:start");
  const rows = [];
  let counter = null;
  for (const size of sizes) {
    const t = convexTest(schema, modules);
    // convex-test installs its syscall globals on first use; wrap them once, after that.
    counter ??= installReadCounter();
    await t.mutation(makeFunctionReference("seed:demo"), {});
    // History in batches: one transaction of 10,000 inserts is slow in the in-memory runtime.
    const base = Date.now() - 86_400_000;
    for (let i = 0; i < size; i += 1000) {
      await t.run(async (ctx) => {
        for (let j = i; j < Math.min(size, i + 1000); j++) await ctx.db.insert("alerts", endedAlert(j, base + j));
      });
    }
    for (let i = 0; i < active; i++) {
      await t.mutation(startRef, { site: "demo", clientRequestId: `bench-active-${size}-${i}` });
    }
    counter.reset();
    counter.active = true;
    const t0 = performance.now();
    const result = await t.query(activeRef, { site: "demo" });
    const ms = performance.now() - t0;
    counter.active = false;
    const reads = await chargeReads(t, counter);
    const scans = counter.scans;

    // Baseline in the same run: the naive query (filter over the whole table), to show what the
    // counter reports for a query that does NOT scale.
    counter.reset();
    counter.active = true;
    await t.run((ctx) => ctx.db.query("alerts").filter((q) => q.eq(q.field("status"), "active")).collect());
    counter.active = false;
    const naiveReads = await chargeReads(t, counter);
    rows.push({ history: size, active, reads, naiveReads, returned: result.length, ms, scans });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const sizes = arg("--sizes", "100,1000,10000").split(",").map(Number);
  const rows = await measureScaling({ sizes, active: Number(arg("--active", "3")) });
  console.log("| ended alerts in history | active alerts | documents read by alerts:active | naive filter query reads | table scans / filters in alerts:active |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.history} | ${r.returned} | ${r.reads} | ${r.naiveReads} | ${r.scans.length ? JSON.stringify(r.scans) : "none"} |`);
  }
}
