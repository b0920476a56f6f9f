import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Store } from "@alertrun/core";

/**
 * Renders one core `Store` in a Lit element: subscribes while the host is connected,
 * unsubscribes when it leaves, and asks the host to update on each change. The store can be
 * swapped (a new session, a new alert) with `set()`.
 */
export class StoreController<T> implements ReactiveController {
  private store: Store<T> | null = null;
  private unsubscribe: (() => void) | null = null;
  private connected = false;
  private current: T;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fallback: T,
    /** Called with every new value, before the host updates (used to fire events). */
    private readonly onChange?: (value: T) => void,
  ) {
    this.current = fallback;
    host.addController(this);
  }

  /** The store's latest value, or the fallback while there is no store. */
  get value(): T {
    return this.current;
  }

  set(store: Store<T> | null): void {
    if (store === this.store) return;
    this.stop();
    this.store = store;
    this.current = store ? store.get() : this.fallback;
    if (this.connected) this.start();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.start();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private start(): void {
    if (!this.store || this.unsubscribe) return;
    const store = this.store;
    this.unsubscribe = store.subscribe((value) => {
      if (store !== this.store) return;
      this.current = value;
      this.onChange?.(value);
      this.host.requestUpdate();
    });
  }

  private stop(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    unsubscribe?.();
  }
}
