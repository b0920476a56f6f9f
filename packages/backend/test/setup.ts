import { convexTest } from "convex-test";
import { ConvexError } from "convex/values";
import { AccessToken } from "livekit-server-sdk";
import { afterEach, beforeEach, expect, vi } from "vitest";
import schema from "../convex/schema";
import { api, internal } from "../convex/_generated/api";

export { api, internal };

// convex-test is a development deployment: the development defaults apply unless a test (the
// config/missing tests) removes this.
process.env.ALERTRUN_DEV_DEPLOYMENT = "1";

/** Every module of the Convex project, as `npx convex deploy` would bundle it. */
export const modules = import.meta.glob("../convex/**/!(*.d).*s");

export const T0 = Date.parse("2026-01-01T00:00:00Z");

/**
 * Functions read time through Date.now (lib/clock.ts); faking only Date lets tests move the clock
 * (rate-limit refill, presence expiry, stale alerts, retention) without touching real timers.
 */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

export function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

/** A fresh in-memory deployment with the `demo` site seeded. */
export async function setup() {
  const t = convexTest(schema, modules);
  await t.mutation(internal.seed.demo, {});
  return t;
}

export type T = Awaited<ReturnType<typeof setup>>;

let counter = 0;
/** A unique, valid (16+ url-safe chars) clientRequestId. */
export function requestId(): string {
  counter++;
  return `req_${counter.toString().padStart(6, "0")}_${Math.random().toString(36).slice(2, 12)}`;
}

/** Starts an alert on `site` (default `demo`) and returns its id and owner key. */
export async function startAlert(
  t: T,
  extra: { site?: string; category?: string; location?: { lat: number; lng: number; accuracy: number } } = {},
) {
  return t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), ...extra });
}

/** Creates or replaces a site. */
export async function addSite(
  t: T,
  site: string,
  audience: "public" | "signed-in" | "responders",
  extra: { allowAnonymous?: boolean; retentionDays?: number; silenceTimeoutSec?: number } = {},
) {
  await t.mutation(internal.sites.upsert, {
    site,
    name: `Site ${site}`,
    audience,
    allowAnonymous: extra.allowAnonymous ?? true,
    retentionDays: extra.retentionDays ?? 30,
    ...(extra.silenceTimeoutSec !== undefined ? { silenceTimeoutSec: extra.silenceTimeoutSec } : {}),
  });
}

/** Resolves to the rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
}

/** Asserts that `promise` rejects with a ConvexError carrying `code`; returns its data. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<{ code: string; message: string; retryAfterMs?: number }> {
  const error = await rejection(promise);
  expect(error, `expected ConvexError ${code}, got ${String(error)}`).toBeInstanceOf(ConvexError);
  const data = (error as ConvexError<{ code: string; message: string; retryAfterMs?: number }>).data;
  expect(data.code).toBe(code);
  expect(typeof data.message).toBe("string");
  return data;
}

/** The payload of a JWT, without verifying it (tests check what a token grants). */
export function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(json) as Record<string, unknown>;
}

/** Signs a webhook body the way a LiveKit server does (JWT whose sha256 claim is the body hash). */
export async function signWebhook(body: string, apiKey = "devkey", apiSecret = "secret"): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const token = new AccessToken(apiKey, apiSecret);
  token.sha256 = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return token.toJwt();
}

let eventCounter = 0;
/** Posts a signed LiveKit webhook to the deployment's HTTP router. */
export async function postWebhook(
  t: T,
  event: string,
  room: string,
  identity?: string,
  options: { id?: string; secret?: string } = {},
): Promise<Response> {
  eventCounter++;
  const body = JSON.stringify({
    event,
    id: options.id ?? `EV_${eventCounter}`,
    room: { name: room },
    ...(identity ? { participant: { identity } } : {}),
    createdAt: String(Math.floor(Date.now() / 1000)),
  });
  return t.fetch("/livekit/webhook", {
    method: "POST",
    headers: { "Content-Type": "application/webhook+json", Authorization: await signWebhook(body, "devkey", options.secret ?? "secret") },
    body,
  });
}

/** The LiveKit room of an alert (read directly; clients only learn it from a token). */
export async function roomOf(t: T, alertId: string): Promise<string> {
  return t.run(async (ctx) => {
    const id = ctx.db.normalizeId("alerts", alertId);
    const alert = id ? await ctx.db.get(id) : null;
    if (!alert) throw new Error("no alert");
    return alert.room;
  });
}
