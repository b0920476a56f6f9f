/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import { ConvexError } from "convex/values";
import { expect } from "vitest";
import schema from "../convex/schema";
import { internal } from "../convex/_generated/api";

/** Every module of the Convex project, as `npx convex deploy` would bundle it. */
export const modules = import.meta.glob("../convex/**/!(*.d).*s");

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
  return `req_${counter.toString().padStart(4, "0")}_${Math.random().toString(36).slice(2, 12)}`;
}

/** Starts an alert on `demo` and returns its id and owner key. */
export async function startAlert(t: T, extra: { category?: string; location?: { lat: number; lng: number; accuracy: number } } = {}) {
  return t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), ...extra });
}

/** Asserts that `promise` rejects with a ConvexError carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ConvexError ${code}`).toBeInstanceOf(ConvexError);
  expect((error as ConvexError<{ code: string }>).data.code).toBe(code);
}

import { api } from "../convex/_generated/api";
export { api, internal };
