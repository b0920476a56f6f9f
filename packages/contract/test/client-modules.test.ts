// Core and the elements import the rules, the limits, the client configuration check, the typed
// references and the acknowledgement list at run time. None of those may load Convex's validator
// classes (about 18 KB minified): only the backend needs them (shapes.ts, functions.ts).
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const CLIENT_MODULES = ["limits.ts", "rules.ts", "config.ts", "references.ts", "ack-kinds.ts", "cases.ts"];

it.each(CLIENT_MODULES)("%s imports nothing at run time but client-safe modules", (file) => {
  const source = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
  const runtimeImports = [...source.matchAll(/^import (?!type )[^;]*from "([^"]+)";/gm)].map((m) => m[1]);
  for (const spec of runtimeImports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/(limits|rules)\.js$/);
});
