import { describe, expect, it, vi } from "vitest";
import type { ConvexConnection } from "../../src/backend/convex-connection.js";
import type { AlertSummary, MediaToken } from "../../src/types.js";
import { writable, type WritableStore } from "../../src/util/store.js";
import { WatchSession } from "../../src/viewer/viewer-session.js";

// Issue 13: a viewer asks for its subscribe-only token as soon as it knows the alert's id (from the
// site's active list for `latest`, or the id it was given), in parallel with `alerts:get`, and its
// first join uses that token; nothing joins before `alerts:get` shows the alert live and this
// site's. (A refusal, say for an ended alert, is not printed to the page's console: see
// test/browser/quiet-refusals.test.ts.) The Convex connection is the
// boundary faked here (the browser suites join real rooms on the dev stack); the join itself
// never gets far in Node, which is fine: only the order of backend calls is checked.

type Query = WritableStore<{ status: "loading" } | { status: "ready"; value: unknown }>;

function fakeBackend() {
  const queries = new Map<string, Query>();
  const actions: { name: string; args: Record<string, unknown> }[] = [];
  const token: MediaToken = { url: "ws://127.0.0.1:1", token: "t", room: "r", identity: "viewer", expiresAt: Date.now() + 600_000 };
  const backend = {
    watch: (name: string) => {
      const store: Query = queries.get(name) ?? writable({ status: "loading" });
      queries.set(name, store);
      return { get: store.get, subscribe: store.subscribe, dispose: () => undefined };
    },
    action: vi.fn(async (name: string, args: Record<string, unknown>) => {
      actions.push({ name, args });
      return token;
    }),
    mutation: vi.fn(async () => ({ viewerCount: 1 })),
  };
  return { backend: backend as unknown as ConvexConnection, queries, actions };
}

const alert = (alertId: string): AlertSummary =>
  ({ alertId, site: "demo", status: "active", streamStatus: "live", startedAt: Date.now(), category: "medical" }) as unknown as AlertSummary;

const tick = () => new Promise((r) => setTimeout(r, 20));

describe("WatchSession: the view token travels in parallel with the alert", () => {
  it("with latest, asks for media:viewToken before alerts:get has answered", async () => {
    const { backend, queries, actions } = fakeBackend();
    const session = new WatchSession(backend, "demo", "latest", { viewerId: "viewer_0123456789" });
    await tick();
    queries.get("alerts:active")!.set({ status: "ready", value: [alert("a1")] });
    await tick();
    expect(queries.get("alerts:get")?.get().status).toBe("loading");
    expect(actions.map((a) => a.name)).toEqual(["media:viewToken"]);
    expect(actions[0]!.args).toMatchObject({ alertId: "a1", viewerId: "viewer_0123456789" });
    session.close();
  });

  it("joins with that token once the alert arrives, without asking again", async () => {
    const { backend, queries, actions } = fakeBackend();
    const session = new WatchSession(backend, "demo", "latest", { viewerId: "viewer_0123456789" });
    await tick();
    queries.get("alerts:active")!.set({ status: "ready", value: [alert("a1")] });
    await tick();
    queries.get("alerts:get")!.set({ status: "ready", value: alert("a1") });
    // Long enough for the media chunk to load and the first join to take its token.
    await new Promise((r) => setTimeout(r, 500));
    expect(actions.filter((a) => a.name === "media:viewToken")).toHaveLength(1);
    session.close();
  });

  it("an alert opened by id asks for its token at once, before alerts:get has answered", async () => {
    const { backend, queries, actions } = fakeBackend();
    const session = new WatchSession(backend, "demo", "a1", { viewerId: "viewer_0123456789" });
    await tick();
    expect(queries.get("alerts:get")?.get().status).toBe("loading");
    expect(actions.map((a) => [a.name, a.args.alertId])).toEqual([["media:viewToken", "a1"]]);
    session.close();
  });

  it("does not join an alert that turns out to have ended, and asks for no other token", async () => {
    const { backend, queries, actions } = fakeBackend();
    const ended = new WatchSession(backend, "demo", "a1", { viewerId: "viewer_0123456789" });
    await tick();
    queries.get("alerts:get")!.set({ status: "ready", value: { ...alert("a1"), status: "ended" } });
    await new Promise((r) => setTimeout(r, 300));
    expect(actions).toHaveLength(1);
    expect(ended.state.get().name).toBe("ended");
    expect(ended.stream.get()).toBe(null);
    ended.close();
  });

  it("asks for a new token for each alert it switches to, and none for an unknown id", async () => {
    const { backend, queries, actions } = fakeBackend();
    const session = new WatchSession(backend, "demo", "latest", { viewerId: "viewer_0123456789" });
    await tick();
    expect(actions).toHaveLength(0);
    queries.get("alerts:active")!.set({ status: "ready", value: [alert("a2")] });
    await tick();
    expect(actions.map((a) => a.args.alertId)).toEqual(["a2"]);
    session.close();
  });
});
