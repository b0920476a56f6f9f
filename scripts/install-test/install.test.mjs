// Installs AlertRun the way a developer does, from the tarballs a release would publish:
//   1. rehearses the release on a throwaway copy (changeset version → 0.1.0, `pnpm publish
//      --dry-run` of every package, offline), then packs the tarballs;
//   2. publint and attw on every tarball;
//   3. `npm install`s them into fresh apps in a temporary folder: the Vite example (plain
//      `import "@alertrun/elements/define"`) and the React example (`@alertrun/react`);
//   4. imports every package in Node (server-side rendering must not throw);
//   5. starts the local stack with the installed `alertrun-dev` bin, and in headless Chromium
//      goes live from the Vite dev server, the Vite production build and the React app.
// Run by `npm test` (scripts/test.mjs); alone: `node --test scripts/install-test/install.test.mjs`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { recordErrors, studentContext, waitForState, holdWithMouse } from "../../examples/e2e/lib/harness.mjs";
import { rehearseRelease, RELEASE_VERSION, PACKAGES } from "./release.mjs";
import { makeApp, pointAt, startServer } from "./apps.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--autoplay-policy=no-user-gesture-required",
];
// Same as the e2e npm-app test: refused tiles, livekit-client's v1 probe, the known clip race.
const EXPECTED_ERRORS = /net::ERR_FAILED|Failed to load resource|\/rtc\/v1\?.*Unexpected response code: 404|clips:attach|clip\/invalid/;
const VITE = "7.3.8";

const log = (message) => console.log(`[install-test] ${message}`);
let work;
let release;
let viteApp;
let reactApp;
let stack;
let convexUrl;
let browser;
const servers = [];
const timings = {};

async function timed(label, fn) {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    timings[label] = Math.round((Date.now() - start) / 1000);
    log(`${label}: ${timings[label]} s`);
  }
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "alertrun-install-"));
  release = await timed("release rehearsal (changeset version, publish --dry-run, pack)", () => rehearseRelease({ root, work }));
  const tarballs = release.tarballs;
  assert.deepEqual(Object.keys(tarballs).sort(), ["@alertrun/backend", "@alertrun/contract", "@alertrun/core", "@alertrun/devkit", "@alertrun/elements", "@alertrun/react", "alertrun"]);

  const { react: reactTarball, ...others } = Object.fromEntries(Object.entries(tarballs).map(([n, f]) => [n === "@alertrun/react" ? "react" : n, f]));
  viteApp = await timed("npm install: Vite app", () =>
    makeApp({ dir: path.join(work, "vite-app"), from: path.join(root, "examples/npm-app"), files: ["index.html", "src", "vite.config.mjs"], tarballs: others, devDependencies: { vite: VITE } }),
  );
  reactApp = await timed("npm install: React app", () =>
    makeApp({
      dir: path.join(work, "react-app"),
      from: path.join(root, "examples/react-app"),
      files: ["index.html", "src", "vite.config.mjs"],
      tarballs: { "@alertrun/react": reactTarball, "@alertrun/elements": tarballs["@alertrun/elements"], "@alertrun/core": tarballs["@alertrun/core"], "@alertrun/contract": tarballs["@alertrun/contract"] },
      dependencies: { react: "^19.2.0", "react-dom": "^19.2.0" },
      devDependencies: { vite: VITE, "@vitejs/plugin-react": "^5.1.4", "@types/react": "^19.2.0" },
    }),
  );

  // The local stack from the installed package's bin, as `npx alertrun-dev` runs it.
  stack = startServer(path.join(viteApp, "node_modules/.bin/alertrun-dev"), ["--port", "0", "--site-port", "0", "--sfu-port", "0"], {
    cwd: viteApp,
    pattern: /convex\s+(http:\/\/127\.0\.0\.1:\d+)/,
    name: "alertrun-dev",
  });
  [convexUrl] = await stack.ready;
  log(`stack at ${convexUrl}`);
  pointAt(path.join(viteApp, "index.html"), convexUrl);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  for (const server of servers) await server.stop();
  await stack?.stop();
  if (work && !process.env.ALERTRUN_KEEP_INSTALL_TEST) rmSync(work, { recursive: true, force: true });
  log(`timings (s): ${JSON.stringify(timings)}`);
});

test("changeset version bumps every package, writes changelogs, and the build stamps VERSION", () => {
  for (const p of PACKAGES) assert.equal(release.versions[p], RELEASE_VERSION, `${p} version`);
  assert.deepEqual(release.changelogs.sort(), [...PACKAGES].sort());
  const cdn = path.join(viteApp, "node_modules/alertrun/dist/cdn");
  const entry = readFileSync(path.join(cdn, "alertrun.js"), "utf8");
  assert.ok(entry.includes(JSON.stringify(RELEASE_VERSION)), "alertrun.js carries the released version");
  assert.ok(!entry.includes('"0.0.0"'), "alertrun.js no longer carries the placeholder version");
  // DEV_MODE: development warnings stay in the npm build (bundlers' dev servers show them) and are
  // gone from the CDN bundle.
  const devWarning = "ignored transition";
  const coreDist = readdirSync(path.join(viteApp, "node_modules/@alertrun/core/dist"), { recursive: true }).filter((f) => f.endsWith(".js"));
  assert.ok(coreDist.some((f) => readFileSync(path.join(viteApp, "node_modules/@alertrun/core/dist", f), "utf8").includes(devWarning)), "npm core keeps its development warnings");
  const cdnText = [entry, ...readdirSync(path.join(cdn, "chunks")).filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(cdn, "chunks", f), "utf8"))].join("\n");
  assert.ok(!cdnText.includes(devWarning), "the CDN bundle has no development warnings (DEV_MODE replaced)");
  // integrity.json lists every CDN file with the hash of its bytes.
  const integrity = JSON.parse(readFileSync(path.join(cdn, "integrity.json"), "utf8"));
  assert.equal(integrity.version, RELEASE_VERSION);
  const files = [...readdirSync(cdn), ...readdirSync(path.join(cdn, "chunks")).map((f) => `chunks/${f}`)].filter((f) => f.endsWith(".js"));
  assert.deepEqual(Object.keys(integrity.files).sort(), files.sort());
  for (const f of files) {
    const hash = `sha384-${createHash("sha384").update(readFileSync(path.join(cdn, f))).digest("base64")}`;
    assert.equal(integrity.files[f], hash, `integrity of ${f}`);
  }
});

test("publint and attw pass for every published package", async () => {
  const bin = (name) => path.join(root, "node_modules/.bin", name);
  for (const [name, tarball] of Object.entries(release.tarballs)) {
    const run = (cmd, args) => {
      try {
        return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      } catch (error) {
        assert.fail(`${path.basename(cmd)} failed for ${name}:\n${error.stdout}\n${error.stderr}`);
      }
    };
    const lint = run(bin("publint"), ["run", tarball, "--strict"]);
    assert.match(lint, /All good/, `publint ${name}: ${lint}`);
    // ESM-only packages: CommonJS `require` is not offered (documented), so the esm-only profile.
    run(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"]);
  }
});

test("every package imports in Node without throwing (server-side rendering)", () => {
  const script = `
    const el = await import("@alertrun/elements");
    await import("@alertrun/elements/define");
    await import("@alertrun/core");
    await import("alertrun");
    const { convexDir } = await import("@alertrun/backend");
    const devkit = await import("@alertrun/devkit");
    console.log(JSON.stringify({ version: el.VERSION, convexDir, startDevStack: typeof devkit.startDevStack }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: viteApp, encoding: "utf8" }).trim().split("\n").pop());
  assert.equal(out.version, RELEASE_VERSION);
  assert.ok(existsSync(path.join(out.convexDir, "schema.ts")), "@alertrun/backend's convexDir holds the functions");
  assert.equal(out.startDevStack, "function");

  const ssr = `
    const React = await import("react");
    const { renderToString } = await import("react-dom/server");
    const { AlertButton, AlertProvider } = await import("@alertrun/react");
    console.log(renderToString(React.createElement(AlertProvider, { site: "demo" }, React.createElement(AlertButton, { hold: 1000 }))));
  `;
  const html = execFileSync(process.execPath, ["--input-type=module", "-e", ssr], { cwd: reactApp, encoding: "utf8" });
  assert.match(html, /<alert-provider[^>]*>.*<alert-button/s);
});

test("@alertrun/react: 'use client', and an event prop for every typed @fires in the manifest", () => {
  const dist = readFileSync(path.join(reactApp, "node_modules/@alertrun/react/dist/index.js"), "utf8");
  assert.match(dist, /^"use client";/, "the entry starts with the 'use client' directive (Next.js app router)");
  const script = `
    const { EVENTS } = await import("@alertrun/react");
    const { createRequire } = await import("node:module");
    const manifest = createRequire(import.meta.url)("@alertrun/elements/custom-elements.json");
    console.log(JSON.stringify({ EVENTS, manifest }));
  `;
  const { EVENTS, manifest } = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: reactApp, encoding: "utf8" }).trim().split("\n").pop());
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  assert.deepEqual(Object.keys(EVENTS).sort(), tags.map((t) => t.tagName).sort(), "one React component per element");
  for (const tag of tags) {
    const fired = (tag.events ?? []).map((e) => {
      assert.ok(e.type?.text, `<${tag.tagName}> ${e.name} has a type in the manifest`);
      return e.name;
    });
    assert.deepEqual(Object.values(EVENTS[tag.tagName]).sort(), fired.sort(), `<${tag.tagName}> event props`);
  }
});

test("`alertrun-backend init` copies the Convex functions into an app, never over existing files", () => {
  const bin = path.join(viteApp, "node_modules/.bin/alertrun-backend");
  const out = execFileSync(bin, ["init"], { cwd: viteApp, encoding: "utf8" });
  assert.match(out, /copied \d+ files into convex\//);
  assert.ok(existsSync(path.join(viteApp, "convex/schema.ts")));
  assert.ok(existsSync(path.join(viteApp, "convex/_generated/api.js")));
  assert.throws(() => execFileSync(bin, ["init"], { cwd: viteApp, encoding: "utf8", stdio: "pipe" }), /already exist/);
  rmSync(path.join(viteApp, "convex"), { recursive: true, force: true });
});

test("TypeScript: typed props and event props, and the manifest-generated element types", () => {
  const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
  cpSync(path.join(fixtures, "typed-usage.tsx"), path.join(reactApp, "typed-usage.tsx"));
  cpSync(path.join(fixtures, "tsconfig.typed-usage.json"), path.join(reactApp, "tsconfig.typed-usage.json"));
  try {
    execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.typed-usage.json"], { cwd: reactApp, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    assert.fail(`tsc found errors in typed-usage.tsx:\n${error.stdout}${error.stderr}`);
  }
});

/** Opens `url`, holds the button until the alert is live, sees it in the viewer, ends it. */
async function goLive(url, name, { status } = {}) {
  const context = await studentContext(browser, { viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const errors = recordErrors(page, name);
  try {
    await page.goto(url);
    await waitForState(page, "alert-button", "idle", 30_000);
    const button = page.locator('alert-button [part~="button"]');
    await holdWithMouse(page, button, { until: (t) => waitForState(page, "alert-button", ["starting", "live"], t), timeout: 10_000 });
    await waitForState(page, "alert-button", "live", 30_000);
    if (status) await page.getByTestId("status").filter({ hasText: status }).waitFor({ timeout: 10_000 });
    await waitForState(page, "alert-stream-viewer", "live", 30_000);
    await page.locator('alert-button [part~="end-button"]').click();
    await page.locator('alert-button [part~="confirm-end"]').click();
    await waitForState(page, "alert-button", "ended", 15_000);
    assert.deepEqual(errors.filter((e) => !EXPECTED_ERRORS.test(e)), [], `${name}: unexpected page errors`);
  } catch (error) {
    error.message += `\n${name} page errors:\n${errors.join("\n")}`;
    throw error;
  } finally {
    await context.close();
  }
}

test("Vite dev server: the installed elements go live", { timeout: 120_000 }, async () => {
  const dev = startServer(path.join(viteApp, "node_modules/.bin/vite"), ["--port", "0"], { cwd: viteApp, name: "vite dev" });
  servers.push(dev);
  const [url] = await dev.ready;
  await goLive(`${url}/`, "vite-dev");
});

test("Vite production build: the installed elements go live", { timeout: 180_000 }, async () => {
  await timed("vite build", () => execFileSync(path.join(viteApp, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], { cwd: viteApp, stdio: "pipe" }));
  const preview = startServer(path.join(viteApp, "node_modules/.bin/vite"), ["preview", "--port", "0"], { cwd: viteApp, name: "vite preview" });
  servers.push(preview);
  const [url] = await preview.ready;
  await goLive(`${url}/`, "vite-build");
});

test("React app (Vite build): @alertrun/react goes live with typed event props", { timeout: 180_000 }, async () => {
  const env = { ...process.env, VITE_CONVEX_URL: convexUrl };
  await timed("react build", () => execFileSync(path.join(reactApp, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], { cwd: reactApp, stdio: "pipe", env }));
  const preview = startServer(path.join(reactApp, "node_modules/.bin/vite"), ["preview", "--port", "0"], { cwd: reactApp, name: "react preview" });
  servers.push(preview);
  const [url] = await preview.ready;
  await goLive(`${url}/`, "react", { status: /^Live: / });
});
