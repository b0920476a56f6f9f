import type { ReactiveControllerHost } from "lit";
import type { Store } from "@alertrun/core";
import { StoreController } from "./store-controller.js";

/** The value a core store holds. */
export type StoreValue<S> = S extends Store<infer T> ? T : never;

/** The names of a session's members that are stores (`state`, `alert`, `messages`...). */
export type StoreKey<S> = { [K in keyof S]-?: S[K] extends Store<unknown> ? K : never }[keyof S];

/** One store controller per chosen store of a session; `null` while there is no session. */
export type StoreControllers<S, K extends StoreKey<S>> = { readonly [P in K]: StoreController<StoreValue<S[P]> | null> };

/**
 * Renders the stores of one core session object at a time (an `AlertSession`, a `ViewerSession`):
 * a `StoreController` per named store, all swapped together by `attach`, each with an optional
 * callback for the events an element derives from it. Written once so an element binding a
 * session lists its stores instead of wiring each by hand.
 */
export class SessionStores<S, K extends StoreKey<S>> {
  readonly stores: StoreControllers<S, K>;

  constructor(
    host: ReactiveControllerHost,
    private readonly keys: readonly K[],
    onChange: { [P in K]?: (value: StoreValue<S[P]> | null) => void } = {},
  ) {
    const stores: Partial<Record<K, StoreController<unknown>>> = {};
    for (const key of keys) stores[key] = new StoreController<unknown>(host, null, onChange[key] as ((value: unknown) => void) | undefined);
    this.stores = stores as unknown as StoreControllers<S, K>;
  }

  /** Follows `session`'s stores from now on (none with null: every value falls back to null). */
  attach(session: S | null): void {
    for (const key of this.keys) {
      (this.stores[key] as StoreController<unknown>).set(session ? (session[key] as Store<unknown>) : null);
    }
  }
}
