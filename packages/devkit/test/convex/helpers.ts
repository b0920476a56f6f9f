import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConvexClient } from "convex/browser";
import { startDevBackend, type DevBackend, type DevBackendOptions } from "../../src/index.js";

export const FIXTURE_DIR = fileURLToPath(new URL("../fixtures/convex", import.meta.url));

/** A dev backend on free loopback ports serving the fixture project. */
export function startFixture(options: DevBackendOptions = {}): Promise<DevBackend> {
  return startDevBackend({ port: 0, sitePort: 0, functionsDir: FIXTURE_DIR, ...options });
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "alertrun-devkit-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function client(url: string): ConvexClient {
  // The dev backend has no deployed-from-CLI state to warn about; keep test logs quiet.
  return new ConvexClient(url, { logger: false, unsavedChangesWarning: false });
}

/** Latest value of a subscription plus a way to wait for a condition on it. */
export function watch<T>(c: ConvexClient, path: string, args: Record<string, unknown>) {
  let latest: T | undefined;
  let error: Error | undefined;
  const waiters = new Set<() => void>();
  const unsubscribe = c.onUpdate(
    path as never,
    args as never,
    (v: unknown) => {
      latest = v as T;
      for (const w of waiters) w();
    },
    (e: Error) => {
      error = e;
      for (const w of waiters) w();
    },
  );
  return {
    get value() {
      return latest;
    },
    get error() {
      return error;
    },
    unsubscribe,
    until(pred: (v: T | undefined) => boolean, timeoutMs = 10_000, what = path): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (latest !== undefined && pred(latest)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(latest);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out waiting on ${what}; last value ${JSON.stringify(latest)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export async function eventually<T>(fn: () => Promise<T> | T, pred: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (pred(v)) return v;
    if (Date.now() > deadline) throw new Error(`Condition not met in ${timeoutMs} ms; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
