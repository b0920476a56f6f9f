// The script-tag bundle's entry chunk must stay small: it is what blocks the button's first
// render. Heavy code (core, convex, livekit-client, Leaflet) and the elements a button-only page
// does not show (<alert-stream-viewer>, <alert-map>, <alert-feed>, with their English) must stay
// in lazy chunks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";
import { pathToFileURL } from "node:url";

// run-tests.mjs points this at its private copy of the fresh build.
const cdn = process.env.ALERTRUN_TEST_CDN_DIR
  ? pathToFileURL(`${process.env.ALERTRUN_TEST_CDN_DIR}/`)
  : new URL("../../alertrun/dist/cdn/", import.meta.url);
const BUDGET = 20 * 1024;
// Fixed level: the measurement must not depend on zlib's defaults.
const gzipBytes = (buffer) => gzipSync(buffer, { level: constants.Z_BEST_COMPRESSION }).length;

test("CDN entry chunk is at most 20 KB gzip", () => {
  const entry = readFileSync(new URL("alertrun.js", cdn));
  const size = gzipBytes(entry);
  console.log(`alertrun.js: ${entry.length} bytes, ${size} bytes gzip (budget ${BUDGET})`);
  assert.ok(size <= BUDGET, `entry is ${size} bytes gzip, over the ${BUDGET} byte budget`);
});

test("convex, livekit-client and Leaflet are lazy chunks, not in the entry", () => {
  const entry = readFileSync(new URL("alertrun.js", cdn), "utf8");
  const chunks = readdirSync(new URL("chunks/", cdn)).filter((f) => f.endsWith(".js"));
  for (const name of ["livekit-client", "leaflet-src", "browser"]) {
    assert.ok(chunks.some((f) => f.startsWith(name)), `no lazy chunk for ${name} in ${chunks.join(", ")}`);
  }
  // The entry loads them only through dynamic import().
  assert.doesNotMatch(entry, /from\s*"\.\/chunks\/(livekit|leaflet|browser)/);
  assert.doesNotMatch(entry, /RTCPeerConnection/);
});

test("the viewer, the map and the feed are lazy chunks, not in the entry", () => {
  const entry = readFileSync(new URL("alertrun.js", cdn), "utf8");
  const chunks = readdirSync(new URL("chunks/", cdn)).filter((f) => f.endsWith(".js"));
  for (const name of ["alert-stream-viewer", "alert-map", "alert-feed", "responder"]) {
    assert.ok(chunks.some((f) => f.startsWith(`${name}-`)), `no lazy chunk for ${name} in ${chunks.join(", ")}`);
  }
  // Text that only those elements show (their English and their parts) is not in the entry.
  for (const marker of ["Waiting for video…", "Map of active alerts", "Loading alerts…", "zoom-button", "part=\"stage\""]) {
    assert.ok(!entry.includes(marker), `the entry contains ${JSON.stringify(marker)}`);
  }
  // The button's text is.
  assert.ok(entry.includes("Hold for help"), "the button's English is in the entry");
});

test("the button's views after a press are a lazy chunk; its idle and holding button is in the entry", () => {
  const entry = readFileSync(new URL("alertrun.js", cdn), "utf8");
  const chunks = readdirSync(new URL("chunks/", cdn)).filter((f) => f.endsWith(".js"));
  assert.ok(chunks.some((f) => f.startsWith("post-press-views-")), `no lazy chunk for the post-press views in ${chunks.join(", ")}`);
  // Loaded by import() (during the hold, or when the page is idle), never statically.
  assert.doesNotMatch(entry, /from\s*"\.\/chunks\/post-press-views/);
  // Parts, markup and English only the live view and its chat show.
  for (const marker of ["chat-send", "chat-input", 'role="timer"', 'part="status"', "people watching", "Type a message"]) {
    assert.ok(!entry.includes(marker), `the entry contains ${JSON.stringify(marker)}`);
  }
  // The hold button, its ring and the pending panel that stands in for the live view are, with
  // "End alert" and its confirmation: a person can end the alert even if the chunk never loads.
  for (const marker of ['part="button"', 'part="ring"', 'part="panel"', "confirm-end", "Keep alert on"]) {
    assert.ok(entry.includes(marker), `the entry lacks ${JSON.stringify(marker)}`);
  }
});

// The entry's module graph holds only the contract's client rules (category, bidi, site, client
// configuration, chat length): the contract's index also carries the backend's function table, the
// shapes and the rules only core and the backend use, left to tree-shaking at best.
test("the elements import the contract's client rules, never its index", () => {
  const src = new URL("../src/", import.meta.url);
  const files = readdirSync(src, { recursive: true }).filter((f) => f.endsWith(".ts"));
  const offenders = files.filter((f) => /from\s*"@alertrun\/contract"/.test(readFileSync(join(src.pathname, f), "utf8")));
  assert.deepEqual(offenders, [], `import "@alertrun/contract/client-rules" instead in ${offenders.join(", ")}`);
  const map = JSON.parse(readFileSync(new URL("alertrun.js.map", cdn), "utf8"));
  const contract = map.sources.filter((s) => s.includes("/contract/src/")).map((s) => s.slice(s.lastIndexOf("/") + 1));
  const allowed = ["limits.ts", "text-rules.ts", "site-rule.ts", "config.ts", "client-rules.ts"];
  assert.deepEqual(contract.filter((f) => !allowed.includes(f)), [], `contract modules in the entry: ${contract.join(", ")}`);
});
