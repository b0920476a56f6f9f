// A guard for "data never becomes markup": no source of the elements or of core may use an HTML
// sink, or hand Leaflet content it would parse as HTML. The browser tests prove the behaviour
// (payload-corpus.test.ts, strict-csp.test.ts); this catches a regression before any browser runs.
// The single exception is the Trusted Types shim for Leaflet's load-time probe, which writes
// nothing itself (it passes Leaflet's own constants through a named policy).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const folders = ["packages/elements/src", "packages/core/src"].map((p) => join(root, p));
const ALLOWED = new Set(["packages/elements/src/alert-map/leaflet-trusted-types.ts"]);

const SINKS = [
  /\.innerHTML\b/,
  /\.outerHTML\b/,
  /\binsertAdjacentHTML\b/,
  /\bunsafeHTML\b/,
  /\bunsafeSVG\b/,
  /\bdocument\.write(ln)?\b/,
  /\bcreateContextualFragment\b/,
  /\bDOMParser\b/,
  /\bsrcdoc\b/,
  // Leaflet parses strings given as popup/tooltip content and divIcon html.
  /\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent|setContent)\(\s*[`'"]/,
  /\bdivIcon\(/,
];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** Source without comments (strings are kept: a sink name inside a string is still suspicious). */
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

test("no HTML sink in the elements or core", () => {
  const found = [];
  for (const file of folders.flatMap(files)) {
    const rel = relative(root, file).split("\\").join("/");
    if (ALLOWED.has(rel)) continue;
    code(readFileSync(file, "utf8"))
      .split("\n")
      .forEach((line, i) => {
        for (const sink of SINKS) if (sink.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, []);
});

test("the guard can fail: it sees the old map tooltip", () => {
  const old = "marker.bindTooltip(`${categoryLabel(alert.category)} alert`);";
  assert.ok(SINKS.some((sink) => sink.test(code(old))));
});
