#!/usr/bin/env node
// alertrun-backend — copies AlertRun's Convex functions into your app, so `npx convex dev` and
// `npx convex deploy` push them to your own Convex deployment. Convex deploys one `convex/` folder
// per project and cannot deploy functions from inside node_modules, hence a copy rather than a
// re-export. Existing files are never overwritten unless --force is given.
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HELP = `alertrun-backend — AlertRun's Convex functions

Usage: alertrun-backend init [DIR] [--force]

  init [DIR]   copy the functions into DIR (default ./convex), next to your package.json
  --force      overwrite files that already exist in DIR
  -h, --help   show this help

Then: npm install convex livekit-server-sdk @alertrun/contract && npx convex dev   (see @alertrun/backend's README)
`;

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
} catch (e) {
  console.error(`alertrun-backend: ${e.message}\n\n${HELP}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const [command, dir = "convex", ...extra] = positionals;
if (values.help || command === undefined) {
  process.stdout.write(HELP);
  process.exit(values.help ? 0 : 2);
}
if (command !== "init" || extra.length > 0) {
  console.error(`alertrun-backend: unknown command "${positionals.join(" ")}"\n\n${HELP}`);
  process.exit(2);
}

const source = fileURLToPath(new URL("../convex", import.meta.url));
const target = resolve(dir);

/** Every file under `folder`, relative to it. */
function filesOf(folder) {
  const out = [];
  for (const name of readdirSync(folder)) {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) out.push(...filesOf(full).map((f) => join(name, f)));
    else out.push(name);
  }
  return out;
}

const files = filesOf(source);
const clashes = files.filter((f) => existsSync(join(target, f)));
if (clashes.length > 0 && !values.force) {
  console.error(
    `alertrun-backend: ${clashes.length} file(s) already exist in ${relative(process.cwd(), target) || "."}, e.g. ${clashes[0]}.\n` +
      `Nothing was copied. Re-run with --force to overwrite them.`,
  );
  process.exit(1);
}
for (const f of files) cpSync(join(source, f), join(target, f), { force: true });
console.log(`alertrun-backend: copied ${files.length} files into ${relative(process.cwd(), target) || "."}/`);
console.log("Next: npm install convex livekit-server-sdk @alertrun/contract && npx convex dev   (then set LIVEKIT_* env vars; see the README)");
