// Proves that `pnpm lint` enforces what the SDK promises: the package direction of
// ../shared/architecture.json, no floating promises, and the Lit rules. Each case writes a real
// source file where the rule applies (typed rules need the file inside a tsconfig project), lints
// it with the repository's own config, and removes it again.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { root } from "./ensure.mjs";

const written = [];
after(() => written.forEach((file) => rmSync(file, { force: true })));

const eslint = new ESLint({ cwd: root });

async function ruleIds(relative, code) {
  const file = path.join(root, relative);
  written.push(file);
  writeFileSync(file, code);
  const [result] = await eslint.lintFiles([file]);
  return result.messages.map((m) => m.ruleId ?? m.message);
}

const CASES = [
  {
    name: "core never imports the devkit",
    file: "packages/core/src/__lint_case_devkit.ts",
    code: 'import { startDevStack } from "@alertrun/devkit";\nexport const x = startDevStack;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "core never imports the elements",
    file: "packages/core/src/__lint_case_elements.ts",
    code: 'import { AlertButton } from "@alertrun/elements";\nexport const x = AlertButton;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "the elements never import the devkit",
    file: "packages/elements/src/__lint_case_devkit.ts",
    code: 'import { startDevStack } from "@alertrun/devkit";\nexport const x = startDevStack;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "the backend imports no other workspace package",
    file: "packages/backend/convex/__lint_case_core.ts",
    code: 'import { AlertRunClient } from "@alertrun/core";\nexport const x = AlertRunClient;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "a promise nobody handles is refused",
    file: "packages/core/src/__lint_case_floating.ts",
    code: "export async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n",
    rule: "@typescript-eslint/no-floating-promises",
  },
  {
    name: "a promise passed where a callback returns void is refused",
    file: "packages/core/src/__lint_case_misused.ts",
    code: "export function g(): void {\n  setTimeout(async () => {}, 1);\n}\n",
    rule: "@typescript-eslint/no-misused-promises",
  },
  {
    name: "lit: duplicate template bindings are refused",
    file: "packages/elements/src/__lint_case_lit.ts",
    code: 'import { html } from "lit";\nexport const t = (a: string) => html`<p title=${a} title=${a}></p>`;\n',
    rule: "lit/no-duplicate-template-bindings",
  },
  {
    name: "lit-a11y: an image without alt text is refused",
    file: "packages/elements/src/__lint_case_a11y.ts",
    code: 'import { html } from "lit";\nexport const t = html`<img src="x.png">`;\n',
    rule: "lit-a11y/alt-text",
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const ids = await ruleIds(c.file, c.code);
    assert.ok(ids.includes(c.rule), `expected ${c.rule}, got ${JSON.stringify(ids)}`);
  });
}

test("the same imports are fine where the direction allows them", async () => {
  const ids = await ruleIds(
    "packages/elements/src/__lint_case_allowed.ts",
    'import { AlertRunClient } from "@alertrun/core";\nexport const x = AlertRunClient;\n',
  );
  assert.deepEqual(ids, []);
});
