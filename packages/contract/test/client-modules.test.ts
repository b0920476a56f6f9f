// Core and the elements import the rules, the limits, the client configuration check, the typed
// references and the acknowledgement list at run time. None of those may load Convex's validator
// classes (about 18 KB minified): only the backend needs them (shapes.ts, functions.ts). So a
// client module imports (or re-exports) at run time only other client modules.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const CLIENT_MODULES = [
  "limits.ts",
  "limits-table.ts",
  "text-rules.ts",
  "site-rule.ts",
  "id-rules.ts",
  "rules.ts",
  "config.ts",
  "client-rules.ts",
  "references.ts",
  "ack-kinds.ts",
  "cases.ts",
];
const allowed = new Set(CLIENT_MODULES.map((file) => `./${file.replace(/\.ts$/, ".js")}`));

it.each(CLIENT_MODULES)("%s imports nothing at run time but client-safe modules", (file) => {
  const source = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
  const runtimeImports = [...source.matchAll(/^(?:import|export) (?!type )[^;]*?from "([^"]+)";/gms)].map((m) => m[1]!);
  for (const spec of runtimeImports) expect(allowed.has(spec), `${file} imports ${spec}`).toBe(true);
});
