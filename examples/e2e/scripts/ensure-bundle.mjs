// The end-to-end tests load the built CDN bundle, as a real page would. Build it (and what it
// depends on) when it is missing or older than any source it is made from, so `npm test` works on
// a fresh clone without a separate build step and stays fast when nothing changed.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bundle = path.join(root, "packages/alertrun/dist/cdn/alertrun.js");

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

if (!existsSync(bundle) || statSync(bundle).mtimeMs < sourceTime) {
  console.log("e2e: building the CDN bundle (pnpm --filter alertrun... build)");
  execSync('pnpm --filter "alertrun..." build', { cwd: root, stdio: "inherit" });
} else {
  console.log("e2e: CDN bundle is up to date");
}
