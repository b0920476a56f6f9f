// `npm run bench`: install, build the CDN bundle, run every benchmark (bench/index.mjs), print one
// table and write it into docs/performance.md. `npm run bench -- --quick` for a short smoke run,
// `-- --no-write` to leave the docs alone.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureInstalled, ensureChromium, run, root } from "./ensure.mjs";

const args = process.argv.slice(2);
ensureInstalled();
ensureChromium();
if (!args.includes("--no-build")) run('pnpm --filter "alertrun..." build');
const result = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench/index.mjs"), ...args.filter((a) => a !== "--no-build")], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
