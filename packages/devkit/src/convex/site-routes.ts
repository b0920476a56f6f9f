// The site origin (default :3211): the project's HTTP actions (http.ts), e.g. the LiveKit webhook.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthValidator } from "./auth.js";
import { bearerToken, readBody, sendText } from "./http-util.js";
import type { DevRuntime, Identity } from "./runtime.js";

export async function handleSite(runtime: DevRuntime, auth: () => AuthValidator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://localhost");
  if (method === "OPTIONS" && !(await runtime.httpRoutes(url.pathname, "OPTIONS"))) {
    res.writeHead(204);
    return void res.end();
  }
  // Like a deployment, a valid bearer token becomes ctx.auth's identity; anything else in the
  // Authorization header (a LiveKit webhook signature, say) is left for the action to read.
  let identity: Identity | null = null;
  const token = bearerToken(req);
  if (token) identity = await auth().validate(token).catch(() => null);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === "host" || name === "connection") continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
  const response = await runtime.httpAction(url.pathname + url.search, { method, headers, ...(body ? { body } : {}) }, identity);
  if (!response) return sendText(res, 404, "This deployment has no HTTP actions (no convex/http.ts)");
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    // The action's own CORS headers win over the defaults set by the server.
    if (name.toLowerCase().startsWith("access-control-")) res.removeHeader(name);
    outHeaders[name] = value;
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, outHeaders);
  res.end(method === "HEAD" ? undefined : bytes);
}
