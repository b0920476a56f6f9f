// The client scenarios against packages/backend's real functions, with the real
// ConvexClient and ConvexHttpClient.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexHttpClient, type ConvexClient } from "convex/browser";
import { AccessToken } from "livekit-server-sdk";
import { mintDevIdentityToken, startDevBackend, type DevBackend } from "../../src/index.js";
import { client, watch } from "./helpers.js";

type AlertSummary = { alertId: string; site: string; status: string; acks: Record<string, number>; streamStatus: string };
type ChatMessage = { messageId: string; text: string; author: string };

const requestId = () => `test-${randomUUID()}`;

let backend: DevBackend;
let a: ConvexClient;
let b: ConvexClient;

beforeAll(async () => {
  backend = await startDevBackend({ port: 0, sitePort: 0 });
  a = client(backend.url);
  b = client(backend.url);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await backend?.close();
});

describe("real backend functions over the sync protocol", () => {
  it("A sees the alert B starts; B's mutation resolves after B's own subscription shows it", async () => {
    const aActive = watch<AlertSummary[]>(a, "alerts:active", { site: "demo" });
    const bActive = watch<AlertSummary[]>(b, "alerts:active", { site: "demo" });
    await aActive.until((v) => Array.isArray(v));
    await bActive.until((v) => Array.isArray(v));
    const { alertId } = (await b.mutation("alerts:start" as never, { site: "demo", clientRequestId: requestId() } as never)) as { alertId: string };
    expect(bActive.value?.map((x) => x.alertId)).toContain(alertId);
    const seen = await aActive.until((v) => !!v?.some((x) => x.alertId === alertId));
    expect(seen.find((x) => x.alertId === alertId)).toMatchObject({ site: "demo", status: "active", streamStatus: "pending" });
    aActive.unsubscribe();
    bActive.unsubscribe();
  });

  it("acknowledgements and chat flow both ways", async () => {
    const { alertId, ownerKey } = (await a.mutation("alerts:start" as never, { site: "demo", clientRequestId: requestId() } as never)) as {
      alertId: string;
      ownerKey: string;
    };
    const aAlert = watch<AlertSummary | null>(a, "alerts:get", { alertId });
    const aChat = watch<ChatMessage[]>(a, "messages:list", { alertId });
    const bChat = watch<ChatMessage[]>(b, "messages:list", { alertId });
    // Only responders acknowledge and chat as responders: B signs in as one (the demo dashboard does
    // the same through the dev backend's /dev/token route).
    b.setAuth(() => mintDevIdentityToken({ subject: "responder-b", name: "Sam", role: "responder" }));
    await b.mutation("acks:add" as never, { alertId, viewerId: "viewer-b", kind: "on_my_way" } as never);
    await aAlert.until((v) => v?.acks.on_my_way === 1);
    await a.mutation("messages:send" as never, { alertId, ownerKey, text: "I am on the second floor" } as never);
    await bChat.until((v) => v?.some((m) => m.author === "reporter") ?? false);
    await b.mutation("messages:send" as never, { alertId, viewerId: "viewer-b", displayName: "Sam", text: "On my way" } as never);
    const chat = await aChat.until((v) => v?.length === 2);
    expect(chat.map((m) => m.author)).toEqual(["reporter", "responder"]);
  });
});

describe("real backend functions over HTTP", () => {
  it("ConvexHttpClient query, mutation and action round trips", async () => {
    const http = new ConvexHttpClient(backend.url);
    expect(await http.query("sites:get" as never, { site: "demo" } as never)).toMatchObject({ site: "demo", allowAnonymous: true });
    const { alertId, ownerKey } = (await http.mutation("alerts:start" as never, { site: "demo", clientRequestId: requestId() } as never)) as {
      alertId: string;
      ownerKey: string;
    };
    const token = (await http.action("media:publishToken" as never, { alertId, ownerKey } as never)) as { url: string; token: string; room: string };
    expect(token.url).toBe("ws://127.0.0.1:7880");
    expect(token.token.split(".")).toHaveLength(3);
    await expect(http.query("sites:nope" as never, {} as never)).rejects.toThrow(/Could not find public function/);
  });

  it("an HTTP action round trip on the site port: a signed LiveKit webhook marks the stream live", async () => {
    const { alertId, ownerKey } = (await b.mutation("alerts:start" as never, { site: "demo", clientRequestId: requestId() } as never)) as {
      alertId: string;
      ownerKey: string;
    };
    const { room } = (await b.action("media:publishToken" as never, { alertId, ownerKey } as never)) as { room: string };
    const alert = watch<AlertSummary | null>(a, "alerts:get", { alertId });
    await alert.until((v) => v?.streamStatus === "pending");

    const body = JSON.stringify({ event: "track_published", id: `EV_${randomUUID()}`, room: { name: room }, participant: { identity: "reporter" }, createdAt: Math.floor(Date.now() / 1000) });
    const unsigned = await fetch(`${backend.siteUrl}/livekit/webhook`, { method: "POST", body, headers: { "content-type": "application/webhook+json" } });
    expect(unsigned.status).toBe(401);

    const at = new AccessToken("devkey", "secret");
    at.sha256 = createHash("sha256").update(body).digest("base64");
    const res = await fetch(`${backend.siteUrl}/livekit/webhook`, {
      method: "POST",
      body,
      headers: { "content-type": "application/webhook+json", Authorization: await at.toJwt() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeTruthy();
    await alert.until((v) => v?.streamStatus === "live");
  });

  it("clip upload URLs accept a POST and the listed URL serves the bytes", async () => {
    const { alertId, ownerKey } = (await b.mutation("alerts:start" as never, { site: "demo", clientRequestId: requestId() } as never)) as {
      alertId: string;
      ownerKey: string;
    };
    const uploadUrl = (await b.mutation("clips:generateUploadUrl" as never, { alertId, ownerKey } as never)) as string;
    expect(uploadUrl.startsWith(backend.url)).toBe(true);
    const bytes = new Uint8Array([26, 69, 223, 163, 1, 2, 3, 4]);
    const up = await fetch(uploadUrl, { method: "POST", headers: { "content-type": "video/webm" }, body: bytes });
    const { storageId } = (await up.json()) as { storageId: string };
    await b.mutation("clips:attach" as never, { alertId, ownerKey, storageId, seq: 0, startedAt: Date.now(), durationMs: 2000, mimeType: "video/webm" } as never);
    const clips = (await a.query("clips:list" as never, { alertId } as never)) as { url: string }[];
    const served = await fetch(clips[0]!.url);
    expect(served.headers.get("content-type")).toBe("video/webm");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });
});

describe("the dev backend is a development deployment", () => {
  it("sets ALERTRUN_DEV_DEPLOYMENT, so the backend accepts its development LiveKit and owner-key defaults", async () => {
    // Without the flag, packages/backend refuses with config/missing (ALERTRUN_OWNER_KEY_SECRET is
    // unset here); alerts:start derives an owner key, so it would fail.
    expect(process.env.ALERTRUN_DEV_DEPLOYMENT).toBe("1");
    expect(process.env.ALERTRUN_OWNER_KEY_SECRET).toBeUndefined();
    const http = new ConvexHttpClient(backend.url);
    const started = (await http.mutation("alerts:start" as never, { site: "demo", clientRequestId: requestId() } as never)) as { ownerKey: string };
    expect(started.ownerKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
