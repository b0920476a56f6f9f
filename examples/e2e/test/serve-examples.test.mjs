// The examples server that `npm start`, these tests and the benchmarks share: right MIME types,
// the stack's URL injected into the pages, nothing served from outside the mounted folders.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveExamples, DEFAULT_CONVEX_URL } from "../../../scripts/serve-examples.mjs";

const CONVEX = "http://127.0.0.1:45678";
let server;

before(async () => {
  server = await serveExamples({ port: 0, convexUrl: CONVEX });
});
after(async () => {
  await server?.close();
});

const get = (p) => fetch(server.url + p, { redirect: "manual" });

test("binds to loopback on a free port", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(server.port, 0);
});

test("serves the pages as HTML with the stack's Convex URL instead of the default", async () => {
  for (const page of ["/campus-site/", "/responder-dashboard/"]) {
    const res = await get(page);
    assert.equal(res.status, 200, page);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    const html = await res.text();
    assert.ok(html.includes(`convex-url="${CONVEX}"`), `${page} names the stack`);
    assert.ok(!html.includes(DEFAULT_CONVEX_URL), `${page} no longer names the default`);
  }
});

test("the campus page loads only the CDN script", async () => {
  const html = await (await get("/campus-site/")).text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script type="module" src="/cdn/alertrun.js">']);
});

test("JavaScript, CSS and SVG get their MIME types", async () => {
  assert.match((await get("/cdn/alertrun.js")).headers.get("content-type"), /^text\/javascript/);
  assert.match((await get("/campus-site/campus.css")).headers.get("content-type"), /^text\/css/);
  assert.match((await get("/responder-dashboard/dashboard.js")).headers.get("content-type"), /^text\/javascript/);
  assert.match((await get("/responder-dashboard/campus-map.svg")).headers.get("content-type"), /^image\/svg\+xml/);
});

test("a folder without its slash redirects; unknown paths are 404", async () => {
  const res = await get("/campus-site");
  assert.equal(res.status, 301);
  assert.equal(res.headers.get("location"), "/campus-site/");
  assert.equal((await get("/nope/")).status, 404);
  assert.equal((await get("/campus-site/missing.css")).status, 404);
});

test("nothing outside the mounted folders is reachable", async () => {
  // URLs normalise "..", "%2e%2e" included; an encoded slash survives to the file lookup.
  assert.equal((await get("/campus-site/%2e%2e/%2e%2e/package.json")).status, 404);
  assert.equal((await get("/cdn/..%2f..%2f..%2fpackage.json")).status, 403);
  assert.equal((await get("/campus-site/..%2f..%2fpackage.json")).status, 403);
});

test("only GET and HEAD", async () => {
  const res = await fetch(server.url + "/campus-site/", { method: "POST", body: "x" });
  assert.equal(res.status, 405);
});
