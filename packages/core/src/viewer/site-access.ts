import type { ConvexConnection } from "../backend/convex-connection.js";
import type { SiteAccess } from "../types.js";
import { writable, type Store } from "../util/store.js";

/**
 * What a backend from before `sites:access` allowed everyone: watching, chat and
 * acknowledgements. Used only when the deployment has no such query, so an older backend keeps
 * working with a newer client (it decides permissions itself either way).
 */
const LEGACY_ACCESS: SiteAccess = { role: "responder", canWatch: true, canChat: true, canAcknowledge: true };

/**
 * Follows `sites:access` for `site`: `null` while unknown (loading, or the query failed), so
 * elements show an action only once the backend has said it is allowed.
 */
export function watchSiteAccess(backend: ConvexConnection, site: string): { store: Store<SiteAccess | null>; dispose: () => void } {
  const store = writable<SiteAccess | null>(null);
  const query = backend.watch("sites:access", { site });
  const unsubscribe = query.subscribe((value) => {
    if (value.status === "ready") store.set(isAccess(value.value) ? value.value : null);
    else if (value.status === "error") store.set(isMissingFunction(value.error) ? LEGACY_ACCESS : null);
  });
  return {
    store,
    dispose: () => {
      unsubscribe();
      query.dispose();
    },
  };
}

function isAccess(value: unknown): value is SiteAccess {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v["role"] === "responder" || v["role"] === "viewer") &&
    typeof v["canWatch"] === "boolean" &&
    typeof v["canChat"] === "boolean" &&
    typeof v["canAcknowledge"] === "boolean"
  );
}

function isMissingFunction(error: unknown): boolean {
  const text = [error, (error as { cause?: unknown })?.cause]
    .map((e) => (e instanceof Error ? e.message : typeof e === "string" ? e : ""))
    .join("\n");
  return /Could not find public function/i.test(text);
}
