// Finds the files of a Convex functions folder and maps them the way convex-test expects:
// "./path/file.ts" → () => import(file). TypeScript needs a loader in plain Node: when none is
// registered (an app's test imports the built devkit without `--import tsx`), tsx is registered
// before the first TypeScript module, so `startDevStack()` works from plain JavaScript too.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { DevBackendError } from "./errors.js";

export type ModuleMap = Record<string, () => Promise<Record<string, unknown>>>;

const SOURCE = /\.(ts|mts|js|mjs)$/;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name) && !name.endsWith(".d.ts") && !/\.test\.[mc]?[jt]s$/.test(name)) out.push(full);
  }
}

let tsReady: Promise<void> | undefined;

/**
 * Makes `.ts` imports work: tries a throwaway TypeScript file first (Node caches a failed import
 * per URL, so the real modules must not be the probe) and registers tsx when Node refuses it.
 */
function ensureTypeScript(): Promise<void> {
  tsReady ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "alertrun-devkit-probe-"));
    const probe = join(dir, "probe.ts");
    writeFileSync(probe, "export const probe: number = 1;\n");
    try {
      await import(/* @vite-ignore */ pathToFileURL(probe).href);
    } catch {
      const { register } = await import("tsx/esm/api");
      register();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return tsReady;
}

async function importModule(url: string): Promise<Record<string, unknown>> {
  if (/\.m?ts$/.test(url)) await ensureTypeScript();
  return (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
}

/**
 * convex-test asks for a function's module on every call. Each `import()`, even of a module
 * already loaded, goes through Node's loader and (under tsx) its resolve hook on the loader
 * thread: about 1 ms of blocked event loop per call, so 20–30 ms of every burst of calls a press
 * causes. The module is the same object every time, so the promise is kept (a failed import is
 * tried again on the next call).
 */
function loadOnce(url: string): () => Promise<Record<string, unknown>> {
  let loaded: Promise<Record<string, unknown>> | undefined;
  return () => {
    loaded ??= importModule(url).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

export function findModules(functionsDir: string): ModuleMap {
  if (!existsSync(functionsDir)) {
    throw new DevBackendError("runtime/no-functions", `Convex functions folder not found: ${functionsDir}`);
  }
  const files: string[] = [];
  walk(functionsDir, files);
  const modules: ModuleMap = {};
  for (const file of files) {
    const key = "./" + relative(functionsDir, file).split(sep).join("/");
    modules[key] = loadOnce(pathToFileURL(file).href);
  }
  // convex-test locates the functions root from a key containing "_generated"; a project
  // without generated code still works with this never-loaded marker.
  if (!Object.keys(modules).some((k) => k.includes("_generated"))) {
    modules["./_generated/__devkit_marker__.js"] = () => Promise.resolve({});
  }
  return modules;
}

/** "alerts:start", "alerts.js:start", "dir/mod" → module path and export name. */
export function parseUdfPath(udfPath: string): { modulePath: string; exportName: string; canonical: string } {
  const [rawModule = "", rawExport] = udfPath.split(":");
  const modulePath = rawModule.replace(/\.(js|ts)$/, "");
  const exportName = rawExport === undefined || rawExport === "" ? "default" : rawExport;
  return { modulePath, exportName, canonical: `${modulePath}:${exportName}` };
}
