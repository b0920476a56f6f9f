/**
 * Writes `convex/_generated/` offline, from the templates that ship inside the `convex` package.
 * `npx convex codegen` needs a configured deployment (network); this produces the same files so the
 * project typechecks and the dev backend can import `_generated/api.js` on a fresh clone.
 * Run: `pnpm --filter @alertrun/backend codegen` after adding or removing a module in `convex/`.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const convexDir = resolve(here, "../convex");
// The templates are not in the package's "exports", so load them by file path.
const templates = resolve(here, "../node_modules/convex/src/cli/codegen_templates");
const load = (name: string) => import(pathToFileURL(join(templates, name)).href);
const { apiCodegen } = await load("api.ts");
const { serverCodegen } = await load("server.ts");

// dataModel.ts pulls in the CLI's bundler, so this one file is written here; it has the shape
// `npx convex codegen` writes for a project with a schema.
const dataModelDTS = `/* eslint-disable */
/**
 * Generated data model types (written offline by scripts/codegen.ts).
 */
import type {
  DataModelFromSchemaDefinition,
  DocumentByName,
  TableNamesInDataModel,
  SystemTableNames,
} from "convex/server";
import type { GenericId } from "convex/values";
import schema from "../schema.js";

/** The names of all tables. */
export type TableNames = TableNamesInDataModel<DataModel>;

/** The type of a document stored in table \`TableName\`. */
export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;

/** A document id; a string at runtime. */
export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;

/** The data model, from the schema. */
export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
`;
const outDir = join(convexDir, "_generated");

function modules(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === "_generated" || name.startsWith(".")) continue;
      found.push(...modules(full));
    } else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts") && !name.includes(".test.")) {
      const path = relative(convexDir, full).replace(/\\/g, "/");
      if (path === "schema.ts" || path === "auth.config.ts" || path === "convex.config.ts") continue;
      found.push(path);
    }
  }
  return found;
}

const api = apiCodegen(modules(convexDir)) as { DTS: string; JS: string };
const server = serverCodegen({ useTypeScript: false, envVars: undefined }) as { DTS: string; JS: string };
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "api.d.ts"), api.DTS);
writeFileSync(join(outDir, "api.js"), api.JS);
writeFileSync(join(outDir, "server.d.ts"), server.DTS);
writeFileSync(join(outDir, "server.js"), server.JS);
writeFileSync(join(outDir, "dataModel.d.ts"), dataModelDTS);
console.log(`wrote ${outDir}`);
