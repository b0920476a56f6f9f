// Makes a fresh machine ready: pnpm, the workspace's packages, and (for browser tests) Chromium.
// Used by `npm start`, `npm test` and `npm run bench`, so a newcomer installs nothing by hand.
import { execSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "10.34.9";

function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

export function run(cmd, opts = {}) {
  console.log(`\n$ ${cmd}`);
  execSync(cmd, { stdio: "inherit", cwd: root, ...opts });
}

export function ensurePnpm() {
  const ok =
    has("pnpm") &&
    spawnSync("pnpm", ["--version"], { encoding: "utf8" }).stdout.trim().startsWith("10.");
  if (!ok) run(`npm install --global pnpm@${PNPM_VERSION}`);
}

export function ensureInstalled() {
  ensurePnpm();
  const marker = path.join(root, "node_modules", ".modules.yaml");
  const lock = path.join(root, "pnpm-lock.yaml");
  const stale = !existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
  if (stale) run(`pnpm install --frozen-lockfile`, { env: { ...process.env, CI: "true" } });
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  run("apt-get update -qq", { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  run("apt-get install -y -qq chromium", { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}
