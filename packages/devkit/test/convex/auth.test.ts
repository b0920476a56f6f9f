// Dev identity JWTs: minted by the devkit, validated against auth.config.ts like a deployment.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexHttpClient } from "convex/browser";
import { SignJWT, generateKeyPair } from "jose";
import { DEV_AUTH_APPLICATION_ID, DEV_AUTH_ISSUER, mintDevIdentityToken, startDevBackend, type DevBackend } from "../../src/index.js";
import { client, startFixture, watch } from "./helpers.js";
import { connectMessage, openRaw } from "./raw-socket.js";

let backend: DevBackend;
beforeAll(async () => {
  backend = await startFixture();
});
afterAll(async () => {
  await backend?.close();
});

/** Same claims as a dev token but signed by a key the backend does not trust. */
async function forgedToken(): Promise<string> {
  const { privateKey } = await generateKeyPair("ES256");
  return await new SignJWT({ name: "Mallory" })
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(DEV_AUTH_ISSUER)
    .setAudience(DEV_AUTH_APPLICATION_ID)
    .setSubject("mallory")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
}

describe("auth", () => {
  it("a dev identity reaches queries over the WebSocket", async () => {
    const c = client(backend.url);
    const changes: boolean[] = [];
    c.setAuth(() => mintDevIdentityToken({ subject: "user-1", name: "Ada", role: "responder" }), (ok) => changes.push(ok));
    const who = watch<Record<string, unknown> | null>(c, "alerts:whoami", {});
    const identity = await who.until((v) => v !== null && v !== undefined);
    expect(identity).toMatchObject({ subject: "user-1", name: "Ada", role: "responder", issuer: DEV_AUTH_ISSUER, tokenIdentifier: `${DEV_AUTH_ISSUER}|user-1` });
    expect(changes).toContain(true);
    // Mutations see it too.
    const { alertId } = (await c.mutation("alerts:start" as never, { site: "auth", clientRequestId: "a1" } as never)) as { alertId: string };
    const active = watch<Array<{ alertId: string; owner: string | null }>>(c, "alerts:active", { site: "auth" });
    expect((await active.until((v) => !!v?.length)).find((x) => x.alertId === alertId)?.owner).toBe("user-1");
    await c.close();
  });

  it("a dev identity reaches actions over HTTP and HTTP actions via Authorization: Bearer", async () => {
    const token = await mintDevIdentityToken({ subject: "user-2" });
    const http = new ConvexHttpClient(backend.url);
    http.setAuth(token);
    expect(await http.action("actions:echo" as never, { text: "x" } as never)).toMatchObject({ subject: "user-2" });
    const res = await fetch(`${backend.siteUrl}/hello`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await res.json()).toEqual({ hello: "world", subject: "user-2" });
  });

  it("a bad JWT gets AuthError on the WebSocket and the client reports auth failure", async () => {
    const raw = await openRaw(backend.url);
    raw.send(connectMessage());
    raw.send({ type: "Authenticate", tokenType: "User", value: await forgedToken(), baseVersion: 0 });
    const err = await raw.next("AuthError");
    expect(err).toMatchObject({ baseVersion: 0, authUpdateAttempted: true });
    expect(String(err.error)).toMatch(/verify/i);
    raw.ws.close();

    const c = client(backend.url);
    const failed = new Promise<boolean>((resolve) => c.setAuth(forgedToken, (ok) => !ok && resolve(true)));
    await expect(failed).resolves.toBe(true);
    await c.close();
  });

  it("expired, wrong-audience and garbage tokens are rejected over HTTP", async () => {
    const expired = await mintDevIdentityToken({ subject: "old", expiresInSeconds: -60 });
    for (const token of [expired, "not.a.jwt", await forgedToken()]) {
      const http = new ConvexHttpClient(backend.url);
      http.setAuth(token);
      await expect(http.query("alerts:whoami" as never, {} as never)).rejects.toThrow();
    }
  });
});

describe("auth with the real backend", () => {
  it("a signed-in owner ends their alert without the owner key; anonymous callers cannot", async () => {
    const real = await startDevBackend({ port: 0, sitePort: 0 });
    try {
      const owner = new ConvexHttpClient(real.url);
      owner.setAuth(await mintDevIdentityToken({ subject: `owner-${randomUUID()}`, name: "Owner" }));
      const { alertId } = (await owner.mutation("alerts:start" as never, { site: "demo", clientRequestId: `auth-${randomUUID()}` } as never)) as { alertId: string };
      const anonymous = new ConvexHttpClient(real.url);
      await expect(anonymous.mutation("alerts:end" as never, { alertId, reason: "nope" } as never)).rejects.toThrow();
      await owner.mutation("alerts:end" as never, { alertId, reason: "resolved" } as never);
      expect(await anonymous.query("alerts:get" as never, { alertId } as never)).toMatchObject({ status: "ended" });
    } finally {
      await real.close();
    }
  });
});
