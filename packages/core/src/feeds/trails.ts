/**
 * The trails of a changing set of alerts (the map's active alerts): one live `locations:trail`
 * subscription per alert in the list, opened when it appears and closed when it leaves, gathered
 * into one store. Lives in core so every renderer (the map element, a React map) gets it without
 * re-implementing the bookkeeping.
 */
import type { TrailPoint } from "../types.js";
import type { DisposableStore, Loadable } from "../util/loadable.js";
import { writable, type Store } from "../util/store.js";

/** Trails by alert id, oldest point first; an alert whose trail has not arrived has none yet. */
export type Trails = ReadonlyMap<string, readonly TrailPoint[]>;

interface Entry {
  store: DisposableStore<Loadable<TrailPoint[]>>;
  unsubscribe: () => void;
}

export function followTrails(
  alerts: Store<Loadable<readonly { alertId: string }[]>>,
  open: (alertId: string) => DisposableStore<Loadable<TrailPoint[]>>,
): DisposableStore<Trails> {
  const out = writable<Trails>(new Map());
  const entries = new Map<string, Entry>();
  let points = new Map<string, readonly TrailPoint[]>();
  let disposed = false;

  const publish = (): void => out.set(new Map(points));
  const close = (id: string, entry: Entry): void => {
    entry.unsubscribe();
    entry.store.dispose();
    entries.delete(id);
  };

  const stopList = alerts.subscribe((list) => {
    // Keep the trails we have while the list reloads or fails: the map keeps showing them.
    if (disposed || list.status !== "ready") return;
    const ids = new Set(list.value.map((a) => a.alertId));
    let changed = false;
    for (const [id, entry] of entries) {
      if (ids.has(id)) continue;
      close(id, entry);
      changed = points.delete(id) || changed;
    }
    for (const id of ids) {
      if (entries.has(id)) continue;
      const entry: Entry = { store: open(id), unsubscribe: () => undefined };
      entries.set(id, entry);
      entry.unsubscribe = entry.store.subscribe((trail) => {
        if (disposed || trail.status !== "ready" || !entries.has(id)) return;
        points = new Map(points).set(id, trail.value);
        publish();
      });
    }
    if (changed) publish();
  });

  return {
    get: out.get,
    subscribe: out.subscribe,
    dispose() {
      if (disposed) return;
      disposed = true;
      stopList();
      for (const [id, entry] of entries) close(id, entry);
      points = new Map();
    },
  };
}
