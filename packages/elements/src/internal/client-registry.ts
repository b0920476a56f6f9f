import type { AlertRunClient } from "@alertrun/core";
import { clientConfigProblem } from "@alertrun/contract/client-rules";
import type { AlertErrorDetail } from "../events.js";
import { toErrorDetail } from "./errors.js";

export interface ClientConfig {
  convexUrl: string | undefined | null;
  site: string | undefined | null;
  auth?: (() => Promise<string | null | undefined>) | undefined;
}

type Core = typeof import("@alertrun/core");
let core: Promise<Core> | null = null;

/**
 * `@alertrun/core` (sessions, media and metadata adapters) loads in its own chunk, so the
 * script-tag bundle can render the button before any of it arrives. Started by the first
 * element that has a valid configuration.
 */
export function loadCore(): Promise<Core> {
  core ??= import("@alertrun/core").catch((error: unknown) => {
    core = null; // Let a later element retry once the network is back.
    throw error;
  });
  return core;
}

/**
 * Checks the attributes before any network, so the element can say exactly what is wrong: the
 * contract's rule, the same one core applies.
 */
export function validateConfig(config: ClientConfig): AlertErrorDetail | null {
  return clientConfigProblem(config.convexUrl, config.site);
}

/** A borrowed client: `client` is null until core has loaded; `ready` settles then. */
export interface ClientLease {
  readonly client: AlertRunClient | null;
  readonly ready: Promise<AlertRunClient>;
  release(): void;
}

interface Entry {
  client: AlertRunClient | null;
  ready: Promise<AlertRunClient>;
  refs: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * Elements configured with the same `convex-url` and `site` share one client (one WebSocket).
 * Released clients close after a grace period, so moving an element in the DOM does not
 * reconnect.
 */
const shared = new Map<string, Entry>();
const GRACE_MS = 2000;

function create(convexUrl: string, site: string, auth: ClientConfig["auth"]): Entry {
  const entry: Entry = { client: null, ready: null!, refs: 0, closeTimer: null };
  entry.ready = loadCore().then(({ AlertRunClient }) => {
    entry.client = new AlertRunClient(auth ? { convexUrl, site, auth } : { convexUrl, site });
    return entry.client;
  });
  // Callers observe failures through `ready`; this keeps an unobserved one from being reported.
  entry.ready.catch(() => undefined);
  return entry;
}

function close(entry: Entry): void {
  try {
    entry.client?.close();
  } catch {
    // Closing is best effort.
  }
}

/** Creates or borrows a client; returns an error detail instead of throwing. */
export function leaseClient(config: ClientConfig): ClientLease | AlertErrorDetail {
  const invalid = validateConfig(config);
  if (invalid) return invalid;
  const convexUrl = config.convexUrl!.trim();
  const site = config.site!.trim();
  try {
    if (config.auth) {
      // A client carrying the host's identity is never shared.
      const own = create(convexUrl, site, config.auth);
      let released = false;
      return {
        get client() {
          return own.client;
        },
        ready: own.ready,
        release() {
          if (released) return;
          released = true;
          own.ready.then(() => close(own), () => undefined);
        },
      };
    }
    const key = `${convexUrl}\n${site}`;
    let entry = shared.get(key);
    if (!entry) {
      entry = create(convexUrl, site, undefined);
      shared.set(key, entry);
      entry.ready.catch(() => shared.get(key) === entry && shared.delete(key));
    }
    const held = entry;
    if (held.closeTimer) clearTimeout(held.closeTimer);
    held.closeTimer = null;
    held.refs++;
    let released = false;
    return {
      get client() {
        return held.client;
      },
      ready: held.ready,
      release() {
        if (released) return;
        released = true;
        if (--held.refs > 0) return;
        held.closeTimer = setTimeout(() => {
          if (held.refs > 0) return;
          if (shared.get(key) === held) shared.delete(key);
          held.ready.then(() => close(held), () => undefined);
        }, GRACE_MS);
      },
    };
  } catch (error) {
    return toErrorDetail(error, "config/invalid-url");
  }
}
