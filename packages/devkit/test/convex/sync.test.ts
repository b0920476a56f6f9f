// Real ConvexClient (convex/browser, Node build with ws) against the dev backend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexError } from "convex/values";
import type { ConvexClient } from "convex/browser";
import type { DevBackend } from "../../src/index.js";
import { client, startFixture, watch } from "./helpers.js";

type Alert = { alertId: string; site: string; acks: number };
type Message = { messageId: string; text: string; author: string };

let backend: DevBackend;
let a: ConvexClient;
let b: ConvexClient;

beforeAll(async () => {
  backend = await startFixture();
  a = client(backend.url);
  b = client(backend.url);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await backend?.close();
});

describe("sync protocol with real clients", () => {
  it("A subscribed to alerts:active sees the alert B starts", async () => {
    const site = "site-see";
    const active = watch<Alert[]>(a, "alerts:active", { site });
    await active.until((v) => Array.isArray(v) && v.length === 0);
    const { alertId } = (await b.mutation("alerts:start" as never, { site, clientRequestId: "r1" } as never)) as { alertId: string };
    const seen = await active.until((v) => !!v?.some((x) => x.alertId === alertId));
    expect(seen[0]).toMatchObject({ alertId, site });
    active.unsubscribe();
  });

  it("B's mutation resolves only once B's own subscription shows the write", async () => {
    const site = "site-own";
    const mine = watch<Alert[]>(b, "alerts:active", { site });
    await mine.until((v) => Array.isArray(v));
    for (let i = 0; i < 5; i++) {
      const { alertId } = (await b.mutation("alerts:start" as never, { site, clientRequestId: `own-${i}` } as never)) as { alertId: string };
      // Checked synchronously after the await: no extra round trip allowed.
      expect(mine.value?.map((x) => x.alertId)).toContain(alertId);
    }
    mine.unsubscribe();
  });

  it("a mutation whose write no subscription shows still resolves (the server owes it a Transition)", async () => {
    const mine = watch<Alert[]>(b, "alerts:active", { site: "site-unrelated" });
    await mine.until((v) => Array.isArray(v));
    const done = b.mutation("alerts:start" as never, { site: "site-nobody-watches", clientRequestId: "unseen" } as never);
    await expect(Promise.race([done.then(() => "resolved"), new Promise((r) => setTimeout(() => r("hung"), 3000))])).resolves.toBe("resolved");
    mine.unsubscribe();
  });

  it("acknowledgements and chat flow both ways", async () => {
    const site = "site-chat";
    const { alertId, ownerKey } = (await a.mutation("alerts:start" as never, { site, clientRequestId: "chat" } as never)) as {
      alertId: string;
      ownerKey: string;
    };
    const aChat = watch<Message[]>(a, "messages:list", { alertId });
    const bChat = watch<Message[]>(b, "messages:list", { alertId });
    const aAlerts = watch<Alert[]>(a, "alerts:active", { site });
    await b.mutation("acks:add" as never, { alertId, viewerId: "viewer-b", kind: "on_my_way" } as never);
    await aAlerts.until((v) => v?.[0]?.acks === 1);
    await a.mutation("messages:send" as never, { alertId, text: "help", ownerKey } as never);
    await bChat.until((v) => v?.some((m) => m.text === "help" && m.author === "reporter") ?? false);
    await b.mutation("messages:send" as never, { alertId, text: "coming" } as never);
    const both = await aChat.until((v) => v?.length === 2);
    expect(both.map((m) => [m.text, m.author])).toEqual([
      ["help", "reporter"],
      ["coming", "responder"],
    ]);
  });

  it("writes that bypass the request path reach subscribers (scheduler, mutation inside an action, cron)", async () => {
    const scheduled = watch<number>(a, "counters:get", { name: "scheduled" });
    await scheduled.until((v) => v === 0);
    await b.mutation("counters:incrementLater" as never, { name: "scheduled", delayMs: 100 } as never);
    await scheduled.until((v) => v === 1, 5000);

    const bumped = watch<number>(a, "counters:get", { name: "bumped" });
    await bumped.until((v) => v === 0);
    await b.action("actions:bump" as never, { name: "bumped" } as never);
    await bumped.until((v) => v === 1, 5000);

    const cron = watch<number>(a, "counters:get", { name: "cron" });
    const first = await cron.until((v) => typeof v === "number");
    await cron.until((v) => (v ?? 0) > first, 5000);
  });

  it("ConvexError data reaches the caller intact", async () => {
    const error = await b.mutation("alerts:start" as never, { site: "forbidden", clientRequestId: "x" } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data).toEqual({ code: "site/forbidden", message: "Alerts are not allowed here" });
  });

  it("unknown functions, bad arguments and crashing queries fail that call only", async () => {
    await expect(b.mutation("alerts:nope" as never, {} as never)).rejects.toThrow(/Could not find public function for 'alerts:nope'/);
    await expect(b.mutation("counters:increment" as never, { name: "x" } as never)).rejects.toThrow(/Could not find public function/);
    await expect(b.mutation("alerts:start" as never, { site: 1, clientRequestId: "v" } as never)).rejects.toThrow(
      /ArgumentValidationError: Value does not match validator\.\nPath: \.site\nValue: 1\nValidator: v\.string\(\)/,
    );
    await expect(b.mutation("alerts:start" as never, { site: "s" } as never)).rejects.toThrow(/ArgumentValidationError: Object is missing the required field `clientRequestId`/);
    await expect(b.mutation("alerts:start" as never, { site: "s", clientRequestId: "v", x: 1 } as never)).rejects.toThrow(/ArgumentValidationError: Object contains extra field `x`/);
    await expect(b.query("alerts:explode" as never, {} as never)).rejects.toThrow(/kaboom/);
    const active = watch<Alert[]>(b, "alerts:active", { site: "still-fine" });
    await active.until((v) => Array.isArray(v));
  });

  it("actions run with the configured environment", async () => {
    const out = (await a.action("actions:echo" as never, { text: "hi" } as never)) as { text: string; livekitUrl: string };
    expect(out).toMatchObject({ text: "hi", livekitUrl: "ws://127.0.0.1:7880" });
  });
});
