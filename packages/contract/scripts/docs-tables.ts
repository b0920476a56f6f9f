// Writes the contract's tables into docs/contracts.md (between the `contract:` markers), so the
// docs quote the module instead of copying it: `pnpm --filter @alertrun/contract docs:tables`.
// test/docs.test.ts fails when the page and the module disagree.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { functions, LIMITS } from "../src/index.js";

export const DOCS_PAGE = fileURLToPath(new URL("../../../docs/contracts.md", import.meta.url));

const RULES: [string, string, string][] = [
  ["category", `1–${LIMITS.categoryMaxChars} characters (code points) of any script; not blank; no control or bidi control characters`, "`args/invalid`"],
  ["chat text", `1–${LIMITS.chatMaxChars} characters after trimming; no bidi control characters`, "`chat/invalid-message` (length), `args/invalid` (bidi)"],
  ["display name", `at most ${LIMITS.displayNameMaxChars} characters after collapsing whitespace; no bidi control characters; empty means the default name`, "`args/invalid`"],
  ["end reason", `1–${LIMITS.endReasonMaxChars} characters; no bidi control characters (core ends with its default reason instead of sending a bad one)`, "`args/invalid`"],
  ["site", `1–${LIMITS.siteMaxChars} characters of \`a-z 0-9 _ -\`, starting with a letter or digit`, "`args/invalid` (core and elements: `config/invalid-site`)"],
  ["viewerId", `1–${LIMITS.viewerIdMaxChars} characters of \`A-Z a-z 0-9 _ . : -\``, "`args/invalid`"],
  ["clientRequestId", `${LIMITS.clientRequestIdMinChars}–${LIMITS.clientRequestIdMaxChars} characters of \`A-Z a-z 0-9 _ -\``, "`args/invalid`"],
  ["position", `lat within ±90, lng within ±180, accuracy 0–${LIMITS.accuracyMaxMetres} m, heading within [0, 360) when given`, "`args/invalid`"],
];

export function rulesTable(): string {
  return ["| value | rule | refused with |", "|---|---|---|", ...RULES.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function signaturesTable(): string {
  const rows = Object.entries(functions).map(([name, spec]) => {
    const args = Object.entries(spec.args as Record<string, { isOptional: string }>)
      .map(([arg, validator]) => (validator.isOptional === "optional" ? `${arg}?` : arg))
      .join(", ");
    return `| \`${name}\` | ${spec.kind} | \`{ ${args} }\` |`;
  });
  return ["| function | kind | arguments |", "|---|---|---|", ...rows].join("\n");
}

const TABLES: Record<string, () => string> = { rules: rulesTable, signatures: signaturesTable };

/** `page` with every `<!-- contract:NAME -->…<!-- /contract:NAME -->` section regenerated. */
export function withTables(page: string): string {
  return page.replace(/(<!-- contract:(\w+) -->)[\s\S]*?(<!-- \/contract:\2 -->)/g, (_all, open: string, name: string, close: string) => {
    const table = TABLES[name];
    if (!table) throw new Error(`unknown contract table "${name}" in docs/contracts.md`);
    return `${open}\n${table()}\n${close}`;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  writeFileSync(DOCS_PAGE, withTables(readFileSync(DOCS_PAGE, "utf8")));
  console.log(`contract tables written to ${DOCS_PAGE}`);
}
