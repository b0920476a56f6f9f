// The deployment origin (default :3210): the HTTP function API used by ConvexHttpClient, file
// storage, dev identity endpoints. The sync WebSocket is upgraded on the same server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { DEV_AUTH_ISSUER, DEV_PUBLIC_JWK, mintDevIdentityToken, type AuthValidator } from "./auth.js";
import { encodeTs } from "./timestamps.js";
import { bearerToken, readBody, sendJson, sendText } from "./http-util.js";
import type { DevRuntime, FunctionKind, Identity } from "./runtime.js";

export interface ApiContext {
  runtime: DevRuntime;
  auth: () => AuthValidator;
  contentTypes: Map<string, string>;
  markDirty: () => void;
  currentTs: () => bigint;
}

const FUNCTION_ROUTES: Record<string, FunctionKind | "any"> = {
  "/api/query": "query",
  // No history is kept: a read "at" a timestamp reads the current state.
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
  "/api/function": "any",
};

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const method = req.method ?? "GET";

  const kind = FUNCTION_ROUTES[path];
  if (kind && method === "POST") return await callFunction(ctx, kind, req, res);

  if (path === "/api/query_ts" && method === "POST") return sendJson(res, 200, { ts: encodeTs(ctx.currentTs()) });

  if (path === "/api/storage/upload" && method === "POST") {
    const body = await readBody(req);
    const type = req.headers["content-type"] ?? "application/octet-stream";
    // Stored inside a transaction of its own (`t.run` takes the function lock), never from an
    // action: an action's storage write lands in whatever mutation happens to be running, and is
    // lost or refused with it.
    const blob = new Blob([new Uint8Array(body)], { type });
    const storageId = (await ctx.runtime.t.run(async (runCtx) => await runCtx.storage.store(blob))) as string;
    ctx.contentTypes.set(storageId, type);
    ctx.markDirty();
    return sendJson(res, 200, { storageId });
  }
  if (path.startsWith("/api/storage/") && (method === "GET" || method === "HEAD")) {
    return serveFile(ctx, decodeURIComponent(path.slice("/api/storage/".length)), req, res);
  }
  if (path === "/.well-known/openid-configuration" && method === "GET") {
    return sendJson(res, 200, { issuer: DEV_AUTH_ISSUER, jwks_uri: `${origin(req)}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ["ES256"] });
  }
  if (path === "/.well-known/jwks.json" && method === "GET") return sendJson(res, 200, { keys: [DEV_PUBLIC_JWK] });
  if (path === "/dev/token" && method === "POST") {
    // Lets browser demos sign in as anyone: the dev backend has no real users.
    const body = JSON.parse((await readBody(req)).toString() || "{}") as { subject?: string; name?: string; role?: string };
    if (!body.subject) return sendJson(res, 400, { code: "BadRequest", message: "subject is required" });
    return sendJson(res, 200, { token: await mintDevIdentityToken({ subject: body.subject, name: body.name, role: body.role }) });
  }
  if (path === "/version" || path === "/") return sendText(res, 200, "alertrun-devkit dev backend (development only)");
  sendText(res, 404, `No route for ${method} ${path}`);
}

function origin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "127.0.0.1"}`;
}

async function callFunction(ctx: ApiContext, kind: FunctionKind | "any", req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: { path?: unknown; args?: unknown; format?: unknown };
  try {
    body = JSON.parse((await readBody(req)).toString()) as typeof body;
  } catch {
    return sendJson(res, 400, { code: "BadJsonBody", message: "Request body is not JSON" });
  }
  if (typeof body.path !== "string") return sendJson(res, 400, { code: "BadRequest", message: "Missing `path`" });
  // `/api/function` takes the arguments object itself; the others wrap it in an array.
  const rawArgs = kind === "any" ? body.args ?? {} : Array.isArray(body.args) ? body.args[0] ?? {} : body.args ?? {};
  let identity: Identity | null = null;
  const token = bearerToken(req);
  if (token) {
    try {
      identity = await ctx.auth().validate(token);
    } catch (e) {
      return sendJson(res, 401, { code: "Unauthenticated", message: (e as Error).message });
    }
  }
  let args: Record<string, Value>;
  try {
    args = jsonToConvex(rawArgs as JSONValue) as Record<string, Value>;
  } catch (e) {
    return sendJson(res, 400, { code: "BadConvexValue", message: (e as Error).message });
  }
  const outcome = await ctx.runtime.call(kind, body.path, args, identity);
  if (outcome.success) return sendJson(res, 200, { status: "success", value: convexToJson(outcome.value), logLines: [] });
  sendJson(res, 560, {
    status: "error",
    errorMessage: outcome.errorMessage,
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
    logLines: [],
  });
}

async function serveFile(ctx: ApiContext, storageId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const db = ctx.runtime.db;
  const blob = db._documents[storageId] ? db._storage[storageId] : undefined;
  if (!blob) return sendText(res, 404, "File not found");
  const bytes = Buffer.from(await blob.arrayBuffer());
  const type = ctx.contentTypes.get(storageId) ?? (blob.type || "application/octet-stream");
  const headers: Record<string, string | number> = { "Content-Type": type, "Accept-Ranges": "bytes", "Cache-Control": "private, max-age=3600" };
  // Media elements seek with Range requests.
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
  if (range && (range[1] || range[2])) {
    const size = bytes.length;
    let start = range[1] ? Number(range[1]) : size - Number(range[2]);
    let end = range[1] && range[2] ? Number(range[2]) : size - 1;
    start = Math.max(0, start);
    end = Math.min(size - 1, end);
    if (start > end) {
      res.writeHead(416, { "Content-Range": `bytes */${size}` });
      return void res.end();
    }
    res.writeHead(206, { ...headers, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
    return void res.end(req.method === "HEAD" ? undefined : bytes.subarray(start, end + 1));
  }
  res.writeHead(200, { ...headers, "Content-Length": bytes.length });
  res.end(req.method === "HEAD" ? undefined : bytes);
}
