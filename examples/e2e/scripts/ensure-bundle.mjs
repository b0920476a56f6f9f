// The end-to-end tests load the built CDN bundle and the Vite example's build, as real pages would.
// Build them (and what they depend on) when missing or older than any source they are made from,
// so `npm test` works on a fresh clone without a separate build step and stays fast otherwise.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bundle = path.join(root, "packages/alertrun/dist/cdn/alertrun.js");
const npmApp = path.join(root, "examples/npm-app/dist/index.html");

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return t;
}

const sources = ["core/src", "elements/src", "alertrun/src", "core/package.json", "elements/package.json", "alertrun/package.json"]
  .map((p) => path.join(root, "packages", p))
  .concat(path.join(root, "rollup.config.mjs"));
const sourceTime = Math.max(...sources.map((p) => (existsSync(p) && statSync(p).isDirectory() ? newest(p) : existsSync(p) ? statSync(p).mtimeMs : 0)));

const stale = (file, since) => !existsSync(file) || statSync(file).mtimeMs < since;

if (stale(bundle, sourceTime)) {
  console.log("e2e: building the CDN bundle (pnpm --filter alertrun... build)");
  execSync('pnpm --filter "alertrun..." build', { cwd: root, stdio: "inherit" });
}
const appSources = Math.max(sourceTime, newest(path.join(root, "examples/npm-app/src")), statSync(path.join(root, "examples/npm-app/index.html")).mtimeMs);
if (stale(npmApp, appSources)) {
  console.log("e2e: building the npm app example (pnpm --filter @alertrun/example-npm-app... build)");
  execSync('pnpm --filter "@alertrun/example-npm-app..." build', { cwd: root, stdio: "inherit" });
}
console.log("e2e: builds are up to date");
