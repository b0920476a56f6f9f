import type { AlertRunClient } from "@alertrun/core";
import type { AlertErrorDetail } from "../events.js";
import type { ClientSource } from "./client-context.js";
import { leaseClient, type ClientConfig, type ClientLease } from "./client-registry.js";
import { toErrorDetail } from "./errors.js";

/**
 * Holds at most one lease from the client registry: the one for the current configuration.
 * Both `<alert-provider>` and every element's `ClientController` resolve their client through
 * it, so taking, swapping, failing and releasing a lease is written once.
 */
export class ClientLeaseHolder {
  private lease: ClientLease | null = null;
  private key: unknown[] = [];
  private problem: AlertErrorDetail | null = null;
  private result: ClientSource | null = null;

  /** Called when a lease's client arrives or fails to load, so the owner re-resolves. */
  constructor(private readonly onChange: () => void) {}

  /**
   * The client for `config`: `own` when given (the page's client; any lease is released),
   * else one leased for `convexUrl`/`site`/`auth`, retaken only when those change. Returns the
   * same object while nothing changed, so it can be handed down as a context value as is.
   */
  resolve(config: ClientConfig & { own?: AlertRunClient | undefined }): ClientSource {
    if (config.own) {
      this.release();
      return this.keep({ client: config.own });
    }
    const key = [config.convexUrl, config.site, config.auth];
    if (!this.key.length || key.some((v, i) => !Object.is(v, this.key[i]))) this.take(key, config);
    if (this.problem) return this.keep({ error: this.problem });
    const client = this.lease?.client;
    return this.keep(client ? { client } : { pending: true });
  }

  /** Gives the lease back (on disconnect, or when a client or the provider takes over). */
  release(): void {
    this.lease?.release();
    this.lease = null;
    this.key = [];
    this.problem = null;
  }

  private take(key: unknown[], config: ClientConfig): void {
    this.release();
    this.key = key;
    const lease = leaseClient(config);
    if ("code" in lease) {
      this.problem = lease;
      return;
    }
    this.lease = lease;
    lease.ready.then(
      () => this.lease === lease && this.onChange(),
      (error: unknown) => {
        if (this.lease !== lease) return;
        this.problem = toErrorDetail(error, "network/unreachable");
        this.onChange();
      },
    );
  }

  private keep(next: ClientSource): ClientSource {
    const last = this.result;
    const same =
      last &&
      ("client" in next
        ? "client" in last && last.client === next.client
        : "error" in next
          ? "error" in last && last.error === next.error
          : "pending" in last);
    if (!same) this.result = next;
    return this.result!;
  }
}
