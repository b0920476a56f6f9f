import { executeServerCommand } from "@web/test-runner-commands";
import type { ConvexClient } from "convex/browser";
import { AlertRunClient } from "../../src/index.js";
import type { Store } from "../../src/index.js";

export interface StackInfo {
  convexUrl: string;
  siteUrl: string;
  livekitUrl: string;
  backendUp: boolean;
}

/**
 * How long media may take to connect. Normally about a second; the machine running the suite is
 * shared (other suites' browsers and SFUs), and under that load one WebRTC connection attempt can
 * time out (15 s in livekit-client) before core's retry succeeds.
 */
export const MEDIA_WAIT_MS = 45_000;

/** The seeded site of the dev backend. */
export const SITE = "demo";

export function stack(): Promise<StackInfo> {
  return executeServerCommand("alertrun:stack") as Promise<StackInfo>;
}

export const stopBackend = (): Promise<unknown> => executeServerCommand("alertrun:backend-stop");
export const startBackend = (): Promise<unknown> => executeServerCommand("alertrun:backend-start");
export const setGeolocation = (position: { latitude: number; longitude: number; accuracy: number }): Promise<unknown> =>
  executeServerCommand("alertrun:set-geolocation", position);

const clients: { close(): void }[] = [];

/** A client as a page would make it; closed after each test file by `closeAll`. */
export async function newClient(): Promise<AlertRunClient> {
  const { convexUrl } = await stack();
  const client = new AlertRunClient({ convexUrl, site: SITE });
  clients.push(client);
  return client;
}

/**
 * A client signed in as a responder of the test site (the dev backend's `/dev/token` with
 * `role: "responder"`): under the trust model only responders acknowledge and (on the seeded
 * site) chat.
 */
export async function newResponderClient(subject: string): Promise<AlertRunClient> {
  const { convexUrl } = await stack();
  const response = await fetch(`${convexUrl}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, name: subject, role: "responder" }),
  });
  if (!response.ok) throw new Error(`/dev/token answered ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const client = new AlertRunClient({ convexUrl, site: SITE, auth: async () => token });
  clients.push(client);
  return client;
}

/** A raw Convex client for checking the backend's side of a flow. */
export async function rawConvex(): Promise<ConvexClient> {
  const { convexUrl } = await stack();
  const { ConvexClient } = await import("convex/browser");
  const client = new ConvexClient(convexUrl);
  clients.push({ close: () => void client.close() });
  return client;
}

export function closeAll(): void {
  for (const c of clients.splice(0)) c.close();
}

/** Resolves with the first value of `store` matching `predicate`, or fails after `timeoutMs`. */
export function waitFor<T>(store: Store<T>, predicate: (value: T) => boolean, label: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let last: T | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      stop();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}; last value: ${describe(last)}`));
    }, timeoutMs);
    const stop = store.subscribe((value) => {
      last = value;
      if (done || !predicate(value)) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
      // subscribe() calls back before it returns: unsubscribe once `stop` exists.
      queueMicrotask(() => stop());
    });
  });
}

/** Polls `check` until it returns a non-undefined value. */
export async function eventually<T>(check: () => Promise<T | undefined>, label: string, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${lastError ? `: ${String(lastError)}` : ""}`);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (v instanceof MediaStream ? `MediaStream(${v.getTracks().length})` : v instanceof Set ? [...v] : v));
  } catch {
    return String(value);
  }
}

/** Draws the video's current frame on a small canvas and returns its pixels. */
export function grabFrame(video: HTMLVideoElement): Uint8ClampedArray {
  const canvas = document.createElement("canvas");
  canvas.width = 64;
  canvas.height = 36;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("no 2d context");
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
}

export function framesDiffer(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  let changed = 0;
  for (let i = 0; i < a.length; i += 4) if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > 8) changed++;
  return changed > 10;
}

/** A muted, playing <video> in the document (adaptive stream needs a visible element). */
export function videoElement(): HTMLVideoElement {
  const video = document.createElement("video");
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.width = 320;
  video.height = 180;
  document.body.append(video);
  return video;
}

/** Collects unhandled rejections and uncaught errors of the page during a test. */
export function trackPageErrors(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const record = (error: unknown): void => {
    errors.push(error);
  };
  const onRejection = (event: PromiseRejectionEvent): void => record(event.reason);
  const onError = (event: ErrorEvent): void => record(event.error ?? event.message);
  window.addEventListener("unhandledrejection", onRejection);
  window.addEventListener("error", onError);
  return {
    errors,
    stop() {
      window.removeEventListener("unhandledrejection", onRejection);
      window.removeEventListener("error", onError);
    },
  };
}

/** Console lines (error, warn, log) matching `pattern`, until `stop()`; they still print. */
export function captureConsole(pattern: RegExp): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const originals = { error: console.error, warn: console.warn, log: console.log };
  for (const level of ["error", "warn", "log"] as const) {
    console[level] = (...args: unknown[]) => {
      const line = args.map(String).join(" ");
      if (pattern.test(line)) lines.push(`console.${level}: ${line}`);
      originals[level](...args);
    };
  }
  return { lines, stop: () => void Object.assign(console, originals) };
}

export const restartSfu = (downMs = 1_000): Promise<unknown> => executeServerCommand("alertrun:sfu-restart", { downMs });

/** Issue 16: the dev SFU goes away until `startSfu()` (same port). */
export const stopSfu = (): Promise<unknown> => executeServerCommand("alertrun:sfu-stop");
export const startSfu = (): Promise<unknown> => executeServerCommand("alertrun:sfu-start");
/** Runs a backend function (internal ones included) on the test stack's backend. */
export const runFunction = (path: string, args: Record<string, unknown> = {}): Promise<unknown> =>
  executeServerCommand("alertrun:run", { path, args });

/** The URL of a second dev backend that redacts errors as a production deployment does. */
export const prodBackendUrl = async (): Promise<string> =>
  ((await executeServerCommand("alertrun:prod-backend")) as { convexUrl: string }).convexUrl;

/** Drives a second tab of the test's browser (see the "alertrun:page" command). */
export async function pageOp<T = unknown>(payload: Record<string, unknown>): Promise<T> {
  const result = (await executeServerCommand("alertrun:page", payload)) as unknown;
  return (payload.op === "eval" ? (result as { value: T }).value : result) as T;
}

/** Issue 13: the rooms the dev SFU holds now, with each participant's published track count. */
export const sfuRooms = (): Promise<{ name: string; participants: { identity: string; tracks: number }[] }[]> =>
  executeServerCommand("alertrun:sfu-rooms") as Promise<{ name: string; participants: { identity: string; tracks: number }[] }[]>;
