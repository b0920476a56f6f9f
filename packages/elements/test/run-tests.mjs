// `pnpm test` for @alertrun/elements:
//   1. builds the CDN bundle (the CDN test loads packages/alertrun/dist/cdn/alertrun.js),
//   2. checks its size budget (gzip, node:zlib),
//   3. runs the browser tests (web-test-runner, headless Chromium, local dev stack).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

function run(label, command, args, cwd) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

run("build the CDN bundle", fileURLToPath(new URL("../../../node_modules/.bin/rollup", import.meta.url)), ["-c", "rollup.config.mjs", "--environment", "PACKAGE:alertrun", "--silent"], root);
// The size and CDN tests use a private copy of this build (a concurrent build of dist/ cannot
// disturb them; the build replaces files in place and prunes stale chunks).
const cdnCopy = mkdtempSync(join(tmpdir(), "alertrun-cdn-"));
cpSync(fileURLToPath(new URL("../../alertrun/dist/cdn", import.meta.url)), cdnCopy, { recursive: true });
process.env.ALERTRUN_TEST_CDN_DIR = cdnCopy;
process.on("exit", () => rmSync(cdnCopy, { recursive: true, force: true }));
run("size budget and source guards", process.execPath, ["--test", "test/size.test.mjs", "test/no-html-sinks.test.mjs"], here);
run("browser tests", bin("web-test-runner"), ["--config", "web-test-runner.config.mjs", ...process.argv.slice(2)], here);
