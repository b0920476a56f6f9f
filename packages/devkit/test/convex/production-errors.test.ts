// Production mode: errors other than ConvexError reach clients redacted, as on a production
// Convex deployment, so client code cannot (and must not) read meaning from message text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import type { DevBackend } from "../../src/index.js";
import { client, startFixture } from "./helpers.js";

// The WebSocket client adds "[CONVEX Q(path)] " before and "\n  Called by client" after; between
// them the server's part must be exactly the redacted line.
const REDACTED = /\[Request ID: [0-9a-f]{16}\] Server Error(\n\s+Called by client)?$/;

describe("production error redaction", () => {
  let prod: DevBackend;
  let dev: DevBackend;
  beforeAll(async () => {
    [prod, dev] = await Promise.all([startFixture({ production: true }), startFixture()]);
  });
  afterAll(async () => {
    await Promise.all([prod?.close(), dev?.close()]);
  });

  it("redacts a thrown Error over the WebSocket and over HTTP", async () => {
    const ws = client(prod.url);
    const viaSocket = await ws.query("alerts:explode" as never, {} as never).catch((e: unknown) => e as Error);
    expect(viaSocket).toBeInstanceOf(Error);
    expect((viaSocket as Error).message).toMatch(REDACTED);
    expect((viaSocket as Error).message).not.toMatch(/kaboom/);
    await ws.close();
    const viaHttp = await new ConvexHttpClient(prod.url).query("alerts:explode" as never, {} as never).catch((e: unknown) => e as Error);
    expect((viaHttp as Error).message).toMatch(REDACTED);
  });

  it("redacts argument validation errors", async () => {
    const http = new ConvexHttpClient(prod.url);
    const error = await http.mutation("alerts:start" as never, { site: 1 } as never).catch((e: unknown) => e as Error);
    expect(error.message).toMatch(REDACTED);
  });

  it("keeps ConvexError data intact", async () => {
    const http = new ConvexHttpClient(prod.url);
    const error = await http.mutation("alerts:start" as never, { site: "forbidden", clientRequestId: "p1" } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("site/forbidden");
  });

  it("development mode keeps the message", async () => {
    const http = new ConvexHttpClient(dev.url);
    const error = await http.query("alerts:explode" as never, {} as never).catch((e: unknown) => e as Error);
    expect(error.message).toMatch(/kaboom/);
  });
});
