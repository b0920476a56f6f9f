/**
 * A minimal observable value, the only state primitive core exposes. Framework adapters (a Lit
 * reactive controller, a React hook) need nothing more than `get` and `subscribe`.
 */
export interface Store<T> {
  /** The current value. */
  get(): T;
  /** Calls `fn` at once with the current value, then on every change. Returns an unsubscribe. */
  subscribe(fn: (value: T) => void): () => void;
}

/** A store that core itself writes to; only the read side is handed out. */
export interface WritableStore<T> extends Store<T> {
  set(value: T): void;
  update(fn: (value: T) => T): void;
}

/**
 * Creates a writable store. `set` with an identical value (Object.is) does not notify, so
 * subscribers only see real changes. A throwing subscriber is isolated: it cannot break the
 * others or the code that set the value.
 */
export function writable<T>(initial: T): WritableStore<T> {
  let value = initial;
  const subscribers = new Set<(value: T) => void>();
  const notify = (fn: (value: T) => void): void => {
    try {
      fn(value);
    } catch (error) {
      // A host's subscriber bug must not corrupt core's state transitions.
      reportSubscriberError(error);
    }
  };
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const fn of [...subscribers]) notify(fn);
    },
    update(fn) {
      this.set(fn(value));
    },
    subscribe(fn) {
      subscribers.add(fn);
      notify(fn);
      return () => {
        subscribers.delete(fn);
      };
    },
  };
}

/** Hands out only the read side of a store. */
export function readonly<T>(store: Store<T>): Store<T> {
  return { get: () => store.get(), subscribe: (fn) => store.subscribe(fn) };
}

/**
 * A store computed from another. It subscribes to its source only while it has subscribers of
 * its own, so a derived store left alone holds no references.
 */
export function derived<S, T>(source: Store<S>, map: (value: S) => T): Store<T> {
  let subscriberCount = 0;
  let cached: { value: T } | null = null;
  let stop: (() => void) | null = null;
  const inner = writable<T | undefined>(undefined);
  return {
    get() {
      return cached && subscriberCount > 0 ? cached.value : map(source.get());
    },
    subscribe(fn) {
      if (subscriberCount++ === 0) {
        stop = source.subscribe((value) => {
          cached = { value: map(value) };
          inner.set(cached.value);
        });
      }
      const unsubscribe = inner.subscribe(() => {
        if (cached) fn(cached.value);
      });
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        unsubscribe();
        if (--subscriberCount === 0) {
          stop?.();
          stop = null;
          cached = null;
        }
      };
    },
  };
}

/** Resolves with the first value of `store` that satisfies `predicate`. */
export function when<T>(store: Store<T>, predicate: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    let unsubscribe: (() => void) | null = null;
    unsubscribe = store.subscribe((value) => {
      if (done || !predicate(value)) return;
      done = true;
      resolve(value);
      unsubscribe?.();
    });
    if (done) unsubscribe();
  });
}

function reportSubscriberError(error: unknown): void {
  // Logged, not rethrown: nothing core runs may surface as an uncaught exception in the host page.
  console.error("[alertrun] a store subscriber threw", error);
}
