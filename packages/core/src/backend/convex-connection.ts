import type { ConvexClient } from "convex/browser";
import { referenceOfKind, type ArgsOf, type NamesOf, type ResultOf } from "@alertrun/contract";
import { AlertRunError, toAlertRunError } from "../errors.js";
import { devWarn } from "../util/dev.js";
import { classifyBackendFailure } from "./failure.js";
import { quietFunctionFailures } from "./convex-logger.js";
import type { DisposableStore, Loadable } from "../util/loadable.js";
import { readonly, writable, type Store } from "../util/store.js";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** After this many failed attempts without ever connecting, the backend counts as offline. */
const OFFLINE_AFTER_RETRIES = 2;

/**
 * The one Convex connection of an AlertRunClient. `convex/browser` is imported dynamically on
 * first use so that a page which never presses and never watches downloads none of it, and the
 * elements' entry chunk stays small.
 */
/**
 * Downloads the Convex client code without connecting, so the first client a page makes later
 * (a viewer appended on demand) opens its socket at once. Idempotent; never rejects (the
 * connection reports a failed download when it needs the code).
 */
export function prefetchBackend(): Promise<void> {
  return import("convex/browser").then(
    () => undefined,
    () => undefined,
  );
}

export class ConvexConnection {
  private clientPromise: Promise<ConvexClient> | null = null;
  private client: ConvexClient | null = null;
  private closed = false;
  private readonly connectionStore = writable<ConnectionState>("connecting");
  private stopConnectionWatch: (() => void) | null = null;
  readonly connection: Store<ConnectionState> = readonly(this.connectionStore);

  constructor(
    private readonly url: string,
    private readonly auth?: () => Promise<string | null | undefined>,
  ) {}

  /** The ConvexClient, created on the first call. Rejects with an AlertRunError. */
  ready(): Promise<ConvexClient> {
    if (this.closed) return Promise.reject(new AlertRunError("client/closed", "The AlertRun client was closed."));
    this.clientPromise ??= this.open().catch((error: unknown) => {
      this.clientPromise = null; // a failed chunk download may succeed on the next try
      throw toAlertRunError(error, "network/unreachable");
    });
    return this.clientPromise;
  }

  private async open(): Promise<ConvexClient> {
    const { ConvexClient } = await import("convex/browser");
    if (this.closed) throw new AlertRunError("client/closed", "The AlertRun client was closed.");
    const client = new ConvexClient(this.url, { logger: quietFunctionFailures() });
    if (this.auth) {
      const auth = this.auth;
      client.setAuth(async () => {
        try {
          return (await auth()) ?? null;
        } catch (error) {
          devWarn("auth() threw; continuing unauthenticated", error);
          return null;
        }
      });
    }
    this.client = client;
    this.watchConnection(client);
    return client;
  }

  private watchConnection(client: ConvexClient): void {
    const update = (): void => {
      const s = client.connectionState();
      const online = typeof navigator === "undefined" || navigator.onLine !== false;
      let next: ConnectionState;
      if (s.isWebSocketConnected) next = "connected";
      else if (!online) next = "offline";
      else if (s.hasEverConnected) next = "reconnecting";
      else next = s.connectionRetries >= OFFLINE_AFTER_RETRIES ? "offline" : "connecting";
      this.connectionStore.set(next);
    };
    const unsubscribe = client.subscribeToConnectionState(update);
    const hasWindow = typeof window !== "undefined";
    if (hasWindow) {
      window.addEventListener("online", update);
      window.addEventListener("offline", update);
    }
    this.stopConnectionWatch = () => {
      unsubscribe();
      if (hasWindow) {
        window.removeEventListener("online", update);
        window.removeEventListener("offline", update);
      }
    };
    update();
  }

  // Calls go through references typed by @alertrun/contract: the name picks the arguments and the
  // result, so a renamed argument or a reshaped result fails the type check here, not in a browser.
  // Failures reject with a ConvexError (the backend's coded refusal) or an AlertRunError whose
  // code says whether the connection was lost (`network/unreachable`) or the function failed on
  // the server (`backend/server-error`); see classifyBackendFailure.

  mutation<N extends NamesOf<"mutation">>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    return this.call((client) => client.mutation(referenceOfKind("mutation", name), args));
  }

  action<N extends NamesOf<"action">>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    return this.call((client) => client.action(referenceOfKind("action", name), args));
  }

  query<N extends NamesOf<"query">>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    return this.call((client) => client.query(referenceOfKind("query", name), args));
  }

  private async call<T>(run: (client: ConvexClient) => Promise<T>): Promise<T> {
    const client = await this.ready();
    const before = client.connectionState();
    try {
      return await run(client);
    } catch (error) {
      const online = typeof navigator === "undefined" || navigator.onLine !== false;
      throw classifyBackendFailure(error, before, client.connectionState(), online);
    }
  }

  /**
   * A live query as a Loadable store. The subscription starts at once (opening the connection)
   * and lasts until `dispose()`.
   */
  watch<N extends NamesOf<"query">>(name: N, args: ArgsOf<N>): DisposableStore<Loadable<ResultOf<N>>> {
    type T = ResultOf<N>;
    const store = writable<Loadable<T>>({ status: "loading" });
    let unsubscribe: (() => void) | null = null;
    let disposed = false;
    this.ready().then(
      (client) => {
        if (disposed) return;
        unsubscribe = client.onUpdate(
          referenceOfKind("query", name),
          args,
          (value) => store.set({ status: "ready", value }),
          (error: Error) => store.set({ status: "error", error: toAlertRunError(error) }),
        );
      },
      (error: unknown) => {
        if (!disposed) store.set({ status: "error", error: toAlertRunError(error, "network/unreachable") });
      },
    );
    return {
      get: store.get,
      subscribe: store.subscribe,
      dispose() {
        disposed = true;
        unsubscribe?.();
        unsubscribe = null;
      },
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopConnectionWatch?.();
    const client = this.client;
    this.client = null;
    this.clientPromise = null;
    client?.close().catch(() => undefined);
    this.connectionStore.set("offline");
  }
}
