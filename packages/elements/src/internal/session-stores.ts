import type { ReactiveControllerHost } from "lit";
import type { Store } from "@alertrun/core";
import { StoreController } from "./store-controller.js";

/**
 * Shows a core session's stores in a Lit element: one `StoreController` per named field, all
 * switched at once to a new session (or to their fallbacks with none). Elements that bind a
 * session (`<alert-stream-viewer>`, `<alert-button>`) declare their stores once here instead of
 * repeating a controller and a `set` line per store.
 */
export class SessionStores<F extends Record<string, unknown>> {
  /** Each store's latest value (its fallback while there is no session). */
  readonly values: { readonly [K in keyof F]: StoreController<F[K]> };

  /**
   * `fallbacks` names the session's stores to follow and what each shows without a session;
   * `onChange` handlers see a store's every new value before the host updates.
   */
  constructor(host: ReactiveControllerHost, fallbacks: F, onChange: { [K in keyof F]?: (value: F[K]) => void } = {}) {
    const values: Record<string, StoreController<unknown>> = {};
    for (const key of Object.keys(fallbacks)) {
      values[key] = new StoreController<unknown>(host, fallbacks[key], onChange[key] as ((value: unknown) => void) | undefined);
    }
    this.values = values as { [K in keyof F]: StoreController<F[K]> };
  }

  /** Follows `session`'s stores, or shows the fallbacks when it is null. */
  set(session: { readonly [K in keyof F]: Store<F[K]> } | null): void {
    for (const key of Object.keys(this.values)) {
      (this.values[key] as StoreController<unknown>).set(session ? (session[key] as Store<unknown>) : null);
    }
  }
}
