// Bytes: the CDN entry chunk (what every page with the script tag pays) against a naive bundle
// that imports lit, convex and livekit-client eagerly, built here in the same run with esbuild
// (minified ESM, the same versions the SDK uses). Sizes are gzip (zlib level 9, as CDNs serve).
//
// "Total once live" is measured in the browser by bench/press-to-live.mjs (the files a page really
// fetched); this module gives the gzip size of any set of files.
//
// Usage: node bench/bytes.mjs
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CDN_DIR = path.join(root, "packages/alertrun/dist/cdn");
export const CDN_ENTRY = path.join(CDN_DIR, "alertrun.js");

export const gzipSize = (buf) => gzipSync(buf, { level: 9 }).length;
export const gzipFile = (file) => gzipSize(readFileSync(file));

/** The naive alternative: everything an alert page needs, loaded up front in one file. */
export async function buildNaiveBundle() {
  const result = await build({
    stdin: {
      contents: [
        'export * from "lit";',
        'export * as convex from "convex/browser";',
        'export * as livekit from "livekit-client";',
      ].join("\n"),
      resolveDir: root,
      loader: "js",
    },
    nodePaths: [path.join(root, "packages/elements/node_modules"), path.join(root, "packages/core/node_modules")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const code = result.outputFiles[0].contents;
  return { raw: code.length, gzip: gzipSize(code) };
}

/** Entry chunk and every lazy chunk of the CDN bundle, gzip each. */
export function cdnSizes() {
  if (!existsSync(CDN_ENTRY)) throw new Error(`CDN bundle not built: ${CDN_ENTRY} (run pnpm -r build)`);
  const chunksDir = path.join(CDN_DIR, "chunks");
  const chunks = existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .filter((f) => f.endsWith(".js"))
        .map((f) => ({ file: `chunks/${f}`, gzip: gzipFile(path.join(chunksDir, f)) }))
    : [];
  return { entry: { raw: readFileSync(CDN_ENTRY).length, gzip: gzipFile(CDN_ENTRY) }, chunks };
}

/** Gzip total of the CDN files a page fetched, given their URL paths under /cdn/. */
export function fetchedGzip(urlPaths) {
  let total = 0;
  for (const p of new Set(urlPaths)) {
    const file = path.join(CDN_DIR, p.replace(/^\/cdn\//, ""));
    if (existsSync(file)) total += gzipFile(file);
  }
  return total;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const naive = await buildNaiveBundle();
  const cdn = cdnSizes();
  const kb = (n) => (n / 1024).toFixed(1);
  console.log("| bundle | gzip KB |");
  console.log("|---|---|");
  console.log(`| CDN entry (alertrun.js) | ${kb(cdn.entry.gzip)} |`);
  for (const c of cdn.chunks) console.log(`| lazy ${c.file} | ${kb(c.gzip)} |`);
  console.log(`| naive eager bundle (lit + convex + livekit-client) | ${kb(naive.gzip)} |`);
  console.log(`\nnaive / entry = ${(naive.gzip / cdn.entry.gzip).toFixed(1)}×`);
}
