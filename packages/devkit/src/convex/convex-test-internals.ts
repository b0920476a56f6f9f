// Loads convex-test with three small hooks the dev backend needs and the package does not expose:
// the root in-memory database (to snapshot/restore it and to observe every commit), the scheduled
// function runner (to re-arm jobs restored from disk), and a per-instance origin for storage URLs
// (convex-test hard-codes a cloud host). We derive a patched copy of the installed file at runtime
// rather than vendoring it, and fail loudly if the pinned version's anchors are not found.
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { GenericActionCtx, GenericDataModel, GenericMutationCtx } from "convex/server";
import { DevBackendError } from "./errors.js";

/** The subset of convex-test's in-memory database the devkit touches. */
export interface FakeDb {
  _documents: Record<string, Record<string, unknown>>;
  _storage: Record<string, Blob>;
  _nextDocId: number;
  _lastCreationTime: number;
  _writes: unknown[];
  commit(commitTs?: bigint | null): void;
  get(table: string | undefined, id: string): Record<string, unknown> | null;
}

export interface ConvexGlobal {
  devkitOrigin?: string;
  components: Record<string, { db: FakeDb }>;
}

export type TestAccessor = {
  query(path: string, args: unknown): Promise<unknown>;
  mutation(path: string, args: unknown): Promise<unknown>;
  action(pathOrHandler: string | ((ctx: GenericActionCtx<GenericDataModel>) => Promise<unknown>), args?: unknown): Promise<unknown>;
  fun(path: { udfPath: string; componentPath: string }, args: unknown): Promise<unknown>;
  run<T>(handler: (ctx: GenericMutationCtx<GenericDataModel>) => Promise<T>): Promise<T>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  withIdentity(identity: Record<string, unknown>): TestAccessor;
};

export type ConvexTestInstance = TestAccessor & { __devkitDb: FakeDb; __devkitGlobal: ConvexGlobal };

export interface ConvexTestInternals {
  convexTest(options: { schema?: unknown; modules: Record<string, () => Promise<unknown>> }): ConvexTestInstance;
  runScheduledFunction(options: {
    db: FakeDb;
    jobId: string;
    componentPath: string;
    functionPath: { udfPath: string; componentPath: string };
    args: unknown;
    name: string;
  }): Promise<void>;
  convexGlobalStorage: { run<T>(store: ConvexGlobal, fn: () => T): T };
}

const ORIGIN_LITERAL = '"https://some-deployment.convex.cloud/api/storage/';

function patchSource(source: string): string {
  let out = source;
  const replaceOnce = (pattern: string | RegExp, replacement: string, what: string) => {
    const before = out;
    out = out.replace(pattern, replacement);
    if (out === before) {
      throw new DevBackendError("runtime/unsupported-convex-test", `convex-test anchor not found: ${what}`);
    }
  };
  // getUrl: serve by storage id (the sha256 may contain "/") on this instance's origin.
  replaceOnce(
    /"https:\/\/some-deployment\.convex\.cloud\/api\/storage\/" \+\s*sha256;/,
    '(getConvexGlobal().devkitOrigin ?? "https://some-deployment.convex.cloud") + "/api/storage/" + encodeURIComponent(storageId);',
    "storageGetUrl",
  );
  replaceOnce(
    ORIGIN_LITERAL + 'upload?token=" +',
    '(getConvexGlobal().devkitOrigin ?? "https://some-deployment.convex.cloud") + "/api/storage/upload?token=" +',
    "storageGenerateUploadUrl",
  );
  replaceOnce(
    "        registerComponent,\n    };",
    "        registerComponent,\n        __devkitDb: rootDb,\n        __devkitGlobal: convexGlobal,\n    };",
    "convexTest return",
  );
  // The copy lives elsewhere, so its relative import must point at the original.
  const metricsUrl = "__METRICS_URL__";
  replaceOnce('from "./transactionMetrics.js"', `from "${metricsUrl}"`, "transactionMetrics import");
  out += "\nexport { runScheduledFunction as __runScheduledFunction, convexGlobalStorage as __convexGlobalStorage };\n";
  return out;
}

let loaded: Promise<ConvexTestInternals> | undefined;

/** Imports the patched convex-test once per process. */
export function loadConvexTest(): Promise<ConvexTestInternals> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgJson = require.resolve("convex-test/package.json");
    const original = join(dirname(pkgJson), "dist", "index.js");
    const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
    // Next to convex-test itself (its node_modules folder) so that its bare imports
    // (`convex/server`) resolve to the same copies the backend's functions use.
    const nodeModules = dirname(dirname(pkgJson));
    const cacheDir = join(nodeModules, ".cache", "alertrun-devkit");
    const target = join(cacheDir, `convex-test-${version}.mjs`);
    const source = patchSource(readFileSync(original, "utf8")).replace(
      "__METRICS_URL__",
      pathToFileURL(join(dirname(original), "transactionMetrics.js")).href,
    );
    if (!existsSync(target) || readFileSync(target, "utf8") !== source) {
      mkdirSync(cacheDir, { recursive: true });
      // Atomic: several processes (test workers) may race to write it.
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, source);
      renameSync(tmp, target);
    }
    const mod = (await import(/* @vite-ignore */ pathToFileURL(target).href)) as Record<string, unknown>;
    return {
      convexTest: mod.convexTest as ConvexTestInternals["convexTest"],
      runScheduledFunction: mod.__runScheduledFunction as ConvexTestInternals["runScheduledFunction"],
      convexGlobalStorage: mod.__convexGlobalStorage as ConvexTestInternals["convexGlobalStorage"],
    };
  })();
  return loaded;
}
