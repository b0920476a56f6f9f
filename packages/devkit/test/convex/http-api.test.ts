// The deployment's HTTP surface as browsers and ConvexHttpClient use it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import type { DevBackend } from "../../src/index.js";
import { startFixture } from "./helpers.js";

let backend: DevBackend;
beforeAll(async () => {
  backend = await startFixture();
});
afterAll(async () => {
  await backend?.close();
});

describe("HTTP API", () => {
  it("answers CORS preflights on both origins and sets CORS headers on responses", async () => {
    for (const base of [backend.url, backend.siteUrl]) {
      const pre = await fetch(`${base}/api/query`, {
        method: "OPTIONS",
        headers: { Origin: "http://127.0.0.1:9", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization" },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:9");
      expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    }
    const res = await fetch(`${backend.siteUrl}/hello`, { headers: { Origin: "http://127.0.0.1:9" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:9");
  });

  it("shapes function errors as Convex does (HTTP 560, errorData intact)", async () => {
    const res = await fetch(`${backend.url}/api/mutation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "alerts:start", args: [{ site: "forbidden", clientRequestId: "h" }], format: "convex_encoded_json" }),
    });
    expect(res.status).toBe(560);
    const body = (await res.json()) as { status: string; errorData: unknown; errorMessage: string };
    expect(body).toMatchObject({ status: "error", errorData: { code: "site/forbidden" } });
    const http = new ConvexHttpClient(backend.url);
    const err = await http.mutation("alerts:start" as never, { site: "forbidden", clientRequestId: "h" } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvexError);
    expect((err as ConvexError<{ code: string }>).data.code).toBe("site/forbidden");
  });

  it("serves /api/function, /api/query_ts and consistent queries", async () => {
    const res = await fetch(`${backend.url}/api/function`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "sites:get", args: { site: "demo" }, format: "convex_encoded_json" }),
    });
    expect(await res.json()).toMatchObject({ status: "success", value: { site: "demo" } });
    const http = new ConvexHttpClient(backend.url);
    expect(await http.consistentQuery("sites:get" as never, { site: "demo" } as never)).toMatchObject({ site: "demo" });
  });

  it("answers unknown HTTP action routes with 404", async () => {
    expect((await fetch(`${backend.siteUrl}/nowhere`)).status).toBe(404);
  });
});
