import { devWarn } from "./dev.js";
import { writable, type Store } from "./store.js";
import type { AlertRunError } from "../errors.js";

/** What a state machine exposes: the state's name, why it was entered, and an error for `error`. */
export interface MachineState<S extends string> {
  name: S;
  reason: string;
  error?: AlertRunError;
}

/** For each state, the states it may move to. */
export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

/**
 * An explicit finite state machine: named states, a table of legal transitions and a reason on
 * every transition. An illegal transition is ignored with a development warning rather than
 * thrown, because it always comes from a late event (a network reply after `end()`, say) that the
 * host page must never see as an exception.
 */
export class StateMachine<S extends string> {
  private readonly store;
  readonly state: Store<MachineState<S>>;

  constructor(
    private readonly label: string,
    private readonly table: TransitionTable<S>,
    initial: S,
    reason = "created",
  ) {
    this.store = writable<MachineState<S>>({ name: initial, reason });
    this.state = this.store;
  }

  get name(): S {
    return this.store.get().name;
  }

  /** Whether `to` is reachable from the current state in one step. */
  can(to: S): boolean {
    return this.table[this.name].includes(to);
  }

  /** Moves to `to`; returns false (and warns in development) when the table forbids it. */
  transition(to: S, reason: string, error?: AlertRunError): boolean {
    const from = this.name;
    if (!this.can(to)) {
      devWarn(`${this.label}: ignored transition ${from} → ${to} (${reason})`);
      return false;
    }
    this.store.set(error ? { name: to, reason, error } : { name: to, reason });
    return true;
  }

  /** Updates the reason without changing state (e.g. "waiting for network" while starting). */
  explain(reason: string): void {
    const current = this.store.get();
    if (current.reason !== reason) this.store.set({ ...current, reason });
  }

  /** True once the machine is in one of `states`. */
  isIn(...states: S[]): boolean {
    return states.includes(this.name);
  }
}
