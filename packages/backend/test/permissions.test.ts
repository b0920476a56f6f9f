// Runs every cell of the permission matrix (test/permission-matrix.ts, the table in
// docs/backend.md): each public function, called by each kind of caller, on a site of each
// audience policy, against a fresh deployment.
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { addSite, api, rejection, requestId, setup, startAlert, T0, useFakeClock, type T } from "./setup";
import { AUDIENCES, CALLERS, MATRIX, type Audience, type Caller, type Outcome } from "./permission-matrix";

useFakeClock();

type Cell = { t: T; as: T; site: string; alertId: string; ownerKey: string; caller: Caller };

/** The caller's view of the deployment, and what it adds to its arguments. */
function caller(t: T, who: Caller): T {
  if (who === "responder") return t.withIdentity({ subject: "resp-1", role: "responder" }) as unknown as T;
  if (who === "signedInViewer") return t.withIdentity({ subject: "viewer-1" }) as unknown as T;
  return t;
}
const key = (c: Cell) => (c.caller === "reporter" ? { ownerKey: c.ownerKey } : {});
const viewer = (c: Cell) => (c.caller === "noIdentity" ? {} : { viewerId: `v-${c.caller}` });

const PEER = "peer-matrix-0001";

const CALLS: Record<keyof typeof MATRIX, (c: Cell) => Promise<unknown>> = {
  "sites:get": (c) => c.as.query(api.sites.get, { site: c.site }),
  "sites:access": (c) => c.as.query(api.sites.access, { site: c.site }),
  "alerts:start": (c) => c.as.mutation(api.alerts.start, { site: c.site, clientRequestId: requestId() }),
  "alerts:end": (c) => c.as.mutation(api.alerts.end, { alertId: c.alertId, ...key(c), reason: "resolved" }),
  "alerts:active": (c) => c.as.query(api.alerts.active, { site: c.site }),
  "alerts:get": (c) => c.as.query(api.alerts.get, { alertId: c.alertId, ...key(c) }),
  "locations:update": (c) => c.as.mutation(api.locations.update, { alertId: c.alertId, ...key(c), lat: 1, lng: 2, accuracy: 5 }),
  "locations:trail": (c) => c.as.query(api.locations.trail, { alertId: c.alertId, ...key(c) }),
  "acks:add": (c) => c.as.mutation(api.acks.add, { alertId: c.alertId, ...(viewer(c) as { viewerId: string }), kind: "called_emergency_services" }),
  "presence:heartbeat": (c) => c.as.mutation(api.presence.heartbeat, { alertId: c.alertId, ...(viewer(c) as { viewerId: string }) }),
  "messages:send": (c) => c.as.mutation(api.messages.send, { alertId: c.alertId, ...key(c), ...viewer(c), text: "hello" }),
  "messages:list": (c) => c.as.query(api.messages.list, { alertId: c.alertId, ...key(c) }),
  "clips:generateUploadUrl": (c) => c.as.mutation(api.clips.generateUploadUrl, { alertId: c.alertId, ...key(c) }),
  "clips:attach": async (c) => {
    // The real owner uploads; the caller tries to attach it.
    await c.t.mutation(api.clips.generateUploadUrl, { alertId: c.alertId, ownerKey: c.ownerKey });
    const storageId = await c.t.run((ctx) => ctx.storage.store(new Blob([new Uint8Array(16)], { type: "video/webm" })));
    return c.as.mutation(api.clips.attach, { alertId: c.alertId, ...key(c), storageId, seq: 0, startedAt: T0, durationMs: 1_000, mimeType: "video/webm" });
  },
  "clips:list": (c) => c.as.query(api.clips.list, { alertId: c.alertId, ...key(c) }),
  "media:publishToken": (c) => c.as.action(api.media.publishToken, { alertId: c.alertId, ...key(c) }),
  "media:viewToken": (c) => c.as.action(api.media.viewToken, { alertId: c.alertId, ...(viewer(c) as { viewerId: string }) }),
  "heartbeat:beat": (c) => c.as.mutation(api.heartbeat.beat, { alertId: c.alertId, ...key(c) }),
  "directSignals:setMediaPath": (c) => c.as.mutation(api.directSignals.setMediaPath, { alertId: c.alertId, ...key(c), path: "direct" }),
  "directSignals:forReporter": (c) => c.as.query(api.directSignals.forReporter, { alertId: c.alertId, ...key(c) }),
  "directSignals:offer": (c) => c.as.mutation(api.directSignals.offer, { alertId: c.alertId, ...key(c), peerId: PEER, attempt: 1, sdp: "v=0" }),
  "directSignals:request": (c) => c.as.mutation(api.directSignals.request, { alertId: c.alertId, peerId: PEER }),
  "directSignals:forViewer": (c) => c.as.query(api.directSignals.forViewer, { alertId: c.alertId, peerId: PEER }),
  "directSignals:answer": (c) => c.as.mutation(api.directSignals.answer, { alertId: c.alertId, peerId: PEER, attempt: 1, sdp: "v=0" }),
  "directSignals:renew": (c) => c.as.mutation(api.directSignals.renew, { alertId: c.alertId, peerId: PEER }),
  "directSignals:leave": (c) => c.as.mutation(api.directSignals.leave, { alertId: c.alertId, peerId: PEER }),
  "reservations:reserve": (c) => c.as.action(api.reservations.reserve, { site: c.site, clientRequestId: requestId() }),
};

async function outcome(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return "ok";
  } catch (e) {
    if (e instanceof ConvexError) return (e.data as { code: string }).code;
    if (/validator/i.test(String(e))) return "validator";
    return `unexpected: ${String(e)}`;
  }
}

describe("permission matrix", () => {
  test("every public function is in the matrix", async () => {
    const { modules } = await import("./setup");
    const names: string[] = [];
    for (const [path, load] of Object.entries(modules)) {
      const file = /\.\.\/convex\/([A-Za-z]+)\.ts$/.exec(path)?.[1];
      if (!file || file === "schema" || file === "crons" || file === "http") continue;
      const mod = (await load()) as Record<string, { isPublic?: boolean }>;
      for (const [name, fn] of Object.entries(mod)) if (fn?.isPublic) names.push(`${file}:${name}`);
    }
    expect(names.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const fn of Object.keys(MATRIX) as (keyof typeof MATRIX)[]) {
    for (const audience of AUDIENCES) {
      test.each(CALLERS)(`${fn} on a ${audience} site, called by %s`, async (who) => {
        const t = await setup();
        const site = `s-${audience}`;
        await addSite(t, site, audience as Audience);
        const { alertId, ownerKey } = await startAlert(t, { site });
        const expected = MATRIX[fn]!(who, audience);
        expect(await outcome(CALLS[fn]!({ t, as: caller(t, who), site, alertId, ownerKey, caller: who }))).toBe(expected);
      });
    }
  }

  test("sites:access reports what the functions enforce", async () => {
    const t = await setup();
    for (const audience of AUDIENCES) {
      const site = `s-${audience}`;
      await addSite(t, site, audience);
      for (const who of CALLERS) {
        const access = await caller(t, who).query(api.sites.access, { site });
        const canWatch = MATRIX["presence:heartbeat"]!(who === "noIdentity" ? "anonymousViewer" : who, audience) === "ok";
        expect(access, `${who} on ${audience}`).toEqual({
          role: who === "responder" ? "responder" : "viewer",
          canWatch,
          canChat: canWatch && who === "responder",
          canAcknowledge: canWatch && who === "responder",
        });
      }
    }
    await expect(rejection(t.query(api.sites.access, { site: "nowhere" }))).resolves.toMatchObject({ data: { code: "site/not-found" } });
  });

  test("sites:access with viewerChat: admitted viewers may chat, never acknowledge", async () => {
    const t = await setup();
    await addSite(t, "open", "public");
    await t.run(async (ctx) => {
      const site = await ctx.db.query("sites").withIndex("by_slug", (q) => q.eq("slug", "open")).unique();
      await ctx.db.patch(site!._id, { viewerChat: true });
    });
    expect(await t.query(api.sites.access, { site: "open" })).toEqual({ role: "viewer", canWatch: true, canChat: true, canAcknowledge: false });
  });
});
