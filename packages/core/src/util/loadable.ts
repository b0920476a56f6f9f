import type { AlertRunError } from "../errors.js";
import type { Store } from "./store.js";

/** A value that arrives over the network: still loading, ready, or failed with a typed error. */
export type Loadable<T> = { status: "loading" } | { status: "ready"; value: T } | { status: "error"; error: AlertRunError };

/** A store with a `dispose()` that ends its underlying subscription. */
export type DisposableStore<T> = Store<T> & { dispose(): void };
