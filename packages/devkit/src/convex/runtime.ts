// The in-process function runtime: convex-test running the project's real function files,
// plus what the server needs around it — visibility checks, Convex-shaped errors, identities,
// HTTP actions, crons, and a hook on every committed write.
import { createHash } from "node:crypto";
import { convexToJson, type JSONValue, type Value } from "convex/values";
import { findModules, parseUdfPath, type ModuleMap } from "./modules.js";
import { loadConvexTest, type ConvexTestInstance, type ConvexTestInternals, type TestAccessor } from "./convex-test-internals.js";
import { DevBackendError } from "./errors.js";
import { installReadTracking, type WriteSet } from "./read-set.js";
import { argumentError } from "./validate-args.js";

export type FunctionKind = "query" | "mutation" | "action";
export type Identity = Record<string, unknown> & { subject: string; issuer: string; tokenIdentifier: string };

export type Outcome =
  | { success: true; value: Value }
  | { success: false; errorMessage: string; errorData?: JSONValue };

interface RegisteredFunction {
  exportArgs?: () => string;
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
}

export interface RuntimeOptions {
  functionsDir: string;
  /**
   * Called after every top-level commit, whatever caused it (request, scheduler, cron, action,
   * storage upload), with the documents it wrote.
   */
  onCommit: (writes: WriteSet) => void;
  /** Report errors the way a production deployment does (see `toFailure`). */
  production?: boolean;
}

// Derived from the message so re-running a failing query yields an identical error (no spurious
// Transitions); real request ids are random, clients only display them.
function requestId(seed: string): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, 16);
}

function isConvexError(e: unknown): e is { message: string; data: Value } {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === "ConvexError" && "data" in e;
}

/**
 * Shapes a thrown value the way a Convex deployment reports it to clients. A production
 * deployment (`production`) redacts everything but a `ConvexError` to `[Request ID: …] Server
 * Error`: the message of a bug, a failed validator or a version skew never reaches the client,
 * so clients must not decide anything from message text.
 */
export function toFailure(e: unknown, production = false): Outcome {
  const prefix = `[Request ID: ${requestId(String((e as { message?: unknown })?.message ?? e))}] Server Error\n`;
  if (isConvexError(e)) {
    return { success: false, errorMessage: `${prefix}Uncaught ConvexError: ${e.message}`, errorData: convexToJson(e.data) };
  }
  if (production) return { success: false, errorMessage: prefix.trimEnd() };
  if (e instanceof Error) {
    return { success: false, errorMessage: `${prefix}Uncaught ${e.name}: ${e.message}` };
  }
  return { success: false, errorMessage: `${prefix}Uncaught ${String(e)}` };
}

function kindOf(fn: RegisteredFunction): FunctionKind | null {
  if (fn.isQuery) return "query";
  if (fn.isMutation) return "mutation";
  if (fn.isAction) return "action";
  return null;
}

const KIND_WORD: Record<FunctionKind, string> = { query: "Query", mutation: "Mutation", action: "Action" };

export class DevRuntime {
  private constructor(
    readonly t: ConvexTestInstance,
    readonly internals: ConvexTestInternals,
    private readonly modules: ModuleMap,
    private readonly production: boolean,
  ) {}

  static async load(options: RuntimeOptions): Promise<DevRuntime> {
    const internals = await loadConvexTest();
    const modules = findModules(options.functionsDir);
    let schema: unknown;
    const schemaLoader = modules["./schema.ts"] ?? modules["./schema.js"];
    if (schemaLoader) {
      try {
        schema = (await schemaLoader()).default;
      } catch (cause) {
        throw new DevBackendError("runtime/module-load-failed", `Could not load schema: ${String(cause)}`, { cause });
      }
    }
    const t = internals.convexTest({ schema, modules });
    const runtime = new DevRuntime(t, internals, modules, options.production === true);
    runtime.hookCommits(options.onCommit);
    return runtime;
  }

  get db() {
    return this.t.__devkitDb;
  }

  /** Storage URLs returned by `ctx.storage.getUrl` / `generateUploadUrl` point here. */
  setOrigin(origin: string): void {
    this.t.__devkitGlobal.devkitOrigin = origin;
  }

  private hookCommits(onCommit: (writes: WriteSet) => void): void {
    const db = this.db;
    installReadTracking(db);
    const commit = db.commit.bind(db);
    db.commit = (commitTs?: bigint | null) => {
      // Only the outermost commit reaches the documents; its level holds every nested write.
      const outermost = db._writes.length === 1;
      const ids = outermost ? Object.keys(db._writes[0] as Record<string, unknown>) : [];
      const before = ids.map((id) => db._documents[id] ?? null);
      commit(commitTs);
      if (!outermost || db._writes.length !== 0) return;
      // After the commit: the stored versions, commit-timestamp placeholders resolved.
      const docs = new Map(ids.map((id, i) => [id, { before: before[i]!, after: db._documents[id] ?? null }]));
      onCommit({ ids, docs });
    };
  }

  async loadModule(modulePath: string): Promise<Record<string, unknown> | null> {
    const loader = this.modules[`./${modulePath}.ts`] ?? this.modules[`./${modulePath}.js`] ?? this.modules[`./${modulePath}.mts`] ?? this.modules[`./${modulePath}.mjs`];
    if (!loader) return null;
    return await loader();
  }

  /** Resolves a public function as Convex would, or returns the error it would report. */
  private async resolvePublic(udfPath: string, expected: FunctionKind | "any"): Promise<{ kind: FunctionKind; canonical: string; fn: RegisteredFunction } | Outcome> {
    const { modulePath, exportName, canonical } = parseUdfPath(udfPath);
    const notFound: Outcome = {
      success: false,
      errorMessage: `Could not find public function for '${canonical}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
    };
    if (modulePath.startsWith("_") || modulePath.includes("/_")) return notFound;
    let mod: Record<string, unknown> | null;
    try {
      mod = await this.loadModule(modulePath);
    } catch (e) {
      return toFailure(e, this.production);
    }
    const fn = mod?.[exportName] as RegisteredFunction | undefined;
    const kind = fn ? kindOf(fn) : null;
    if (!fn || !kind || !fn.isPublic) return notFound;
    if (expected !== "any" && kind !== expected) {
      return {
        success: false,
        errorMessage: `Trying to execute ${canonical} as ${KIND_WORD[expected]}, but it is defined as ${KIND_WORD[kind]}.`,
      };
    }
    return { kind, canonical, fn };
  }

  accessor(identity: Identity | null): TestAccessor {
    return identity ? this.t.withIdentity(identity) : this.t;
  }

  /** Runs a public function called by a client. Never throws. */
  async call(expected: FunctionKind | "any", udfPath: string, args: Record<string, Value>, identity: Identity | null): Promise<Outcome & { kind?: FunctionKind }> {
    const resolved = await this.resolvePublic(udfPath, expected);
    if ("success" in resolved) return resolved;
    const badArgs = resolved.fn.exportArgs ? argumentError(resolved.fn.exportArgs(), args) : null;
    if (badArgs) {
      const detail = this.production ? "" : `\n${badArgs}`;
      return { success: false, errorMessage: `[Request ID: ${requestId(badArgs)}] Server Error${detail}`, kind: resolved.kind };
    }
    const a = this.accessor(identity);
    try {
      const value =
        resolved.kind === "query"
          ? await a.query(resolved.canonical, args)
          : resolved.kind === "mutation"
            ? await a.mutation(resolved.canonical, args)
            : await a.action(resolved.canonical, args);
      return { success: true, value: (value ?? null) as Value, kind: resolved.kind };
    } catch (e) {
      return { ...toFailure(e, this.production), kind: resolved.kind };
    }
  }

  /** Runs any function (internal included), e.g. a cron or the seed. Throws on failure. */
  async runInternal(udfPath: string, args: Record<string, Value>): Promise<unknown> {
    return await this.t.fun({ udfPath: parseUdfPath(udfPath).canonical, componentPath: "" } , args);
  }

  async hasModule(modulePath: string): Promise<boolean> {
    return (await this.loadModule(modulePath).catch(() => null)) !== null;
  }

  async hasFunction(udfPath: string): Promise<boolean> {
    const { modulePath, exportName } = parseUdfPath(udfPath);
    const mod = await this.loadModule(modulePath).catch(() => null);
    return !!mod && exportName in mod;
  }

  /** Routes a request through `http.ts`'s router; null when there is no router. */
  async httpAction(pathWithQuery: string, init: RequestInit, identity: Identity | null): Promise<Response | null> {
    // A broken http.ts surfaces as a 500 with its error, not as "no routes".
    const http = await this.loadModule("http");
    if (!http?.default) return null;
    return await this.accessor(identity).fetch(pathWithQuery, init);
  }

  /** Does http.ts route this method+path? (to answer CORS preflights ourselves when not) */
  async httpRoutes(path: string, method: string): Promise<boolean> {
    const http = await this.loadModule("http").catch(() => null);
    const router = http?.default as { lookup?: (path: string, method: string) => unknown } | undefined;
    return !!router?.lookup?.(path, method);
  }
}
