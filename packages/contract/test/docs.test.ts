// docs/contracts.md quotes the contract through generated tables: this fails when a limit or a
// function signature changed without `pnpm --filter @alertrun/contract docs:tables`.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { DOCS_PAGE, withTables } from "../scripts/docs-tables.js";

it("docs/contracts.md carries the contract's current tables", () => {
  const page = readFileSync(DOCS_PAGE, "utf8");
  expect(page).toContain("<!-- contract:rules -->");
  expect(page).toContain("<!-- contract:signatures -->");
  expect(page, "run `pnpm --filter @alertrun/contract docs:tables`").toBe(withTables(page));
});
