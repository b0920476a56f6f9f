// One sync WebSocket: applies the client's query set, identity and requests, and answers with
// Transitions whose versions chain exactly (startVersion == previous endVersion), so the client's
// consistency checks pass and a mutation resolves once its write is visible to the caller.
import type { WebSocket } from "ws";
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import type { AuthValidator } from "./auth.js";
import type { Hub, QueryResult } from "./hub.js";
import { parseClientMessage, ProtocolError, type ClientMessage, type StateModification, type QuerySetModification } from "./protocol.js";
import type { Identity, Outcome } from "./runtime.js";
import { encodeTs } from "./timestamps.js";

interface Subscription {
  udfPath: string;
  args: Record<string, Value>;
  argsJson: string;
  lastSent?: string;
  /** The cached result `lastSent` came from: the same object again means nothing changed. */
  lastResult?: QueryResult;
}

const PING_MS = 15_000;

export class Session {
  private connected = false;
  private closed = false;
  private sessionId = "";
  private readonly queries = new Map<number, Subscription>();
  private readonly removed = new Set<number>();
  private querySet = 0;
  private identityVersion = 0;
  private identity: Identity | null = null;
  private sent = { querySet: 0, identity: 0, ts: 0n };
  /** A Transition at or past this timestamp is owed (a mutation's response is waiting on it). */
  private owedTs = 0n;
  private refreshing = false;
  private refreshAgain = false;
  /** Incoming messages are applied in order; requests are started in order but not awaited. */
  private inbox: Promise<void> = Promise.resolve();
  private mutations: Promise<void> = Promise.resolve();
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: Hub,
    private readonly auth: () => AuthValidator,
  ) {
    hub.sessions.add(this);
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      this.inbox = this.inbox.then(() => this.receive(text)).catch((e: unknown) => this.fatal(e));
    });
    socket.on("close", () => this.dispose());
    socket.on("error", () => this.dispose());
    this.ping = setInterval(() => this.send({ type: "Ping" }), PING_MS);
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ping);
    this.hub.sessions.delete(this);
  }

  private send(message: unknown): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  /** A bad frame ends this socket only; the client will not reconnect after a FatalError. */
  private fatal(e: unknown): void {
    const error = e instanceof Error ? e.message : String(e);
    this.send({ type: "FatalError", error });
    this.dispose();
    this.socket.close(4000, "FatalError");
  }

  private async receive(text: string | null): Promise<void> {
    if (this.closed) return;
    if (text === null) throw new ProtocolError("Invalid client message: binary frame");
    const msg = parseClientMessage(text);
    if (!this.connected && msg.type !== "Connect") throw new ProtocolError(`Received ${msg.type} before Connect`);
    await this.apply(msg);
  }

  private async apply(msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case "Connect":
        if (this.connected) throw new ProtocolError("Connect sent twice");
        this.connected = true;
        this.sessionId = msg.sessionId;
        return;
      case "ModifyQuerySet":
        if (msg.baseVersion !== this.querySet) {
          throw new ProtocolError(`Invalid base version ${msg.baseVersion}, expected ${this.querySet}`);
        }
        if (msg.newVersion <= msg.baseVersion) throw new ProtocolError(`Invalid new version ${msg.newVersion}`);
        for (const m of msg.modifications) this.modify(m);
        this.querySet = msg.newVersion;
        this.requestRefresh();
        return;
      case "Authenticate":
        await this.authenticate(msg);
        return;
      case "Mutation": {
        const identity = this.identity;
        const key = `${this.sessionId}:${msg.requestId}`;
        // One client's mutations run in the order it sent them.
        this.mutations = this.mutations.then(async () => {
          const { outcome, ts } = await this.hub.rememberMutation(key, async () => {
            const outcome = await this.hub.runtime.call("mutation", msg.udfPath, argsOf(msg.args), identity);
            return { outcome, ts: this.hub.clock.current };
          });
          if (outcome.success) {
            this.send({ type: "MutationResponse", requestId: msg.requestId, success: true, result: convexToJson(outcome.value), ts: encodeTs(ts), logLines: [] });
            if (ts > this.owedTs) this.owedTs = ts;
            this.requestRefresh();
          } else {
            this.send({ type: "MutationResponse", requestId: msg.requestId, ...failure(outcome) });
          }
        });
        return;
      }
      case "Action": {
        const identity = this.identity;
        void this.hub.runtime.call("action", msg.udfPath, argsOf(msg.args), identity).then((outcome) => {
          if (outcome.success) {
            this.send({ type: "ActionResponse", requestId: msg.requestId, success: true, result: convexToJson(outcome.value), logLines: [] });
          } else {
            this.send({ type: "ActionResponse", requestId: msg.requestId, ...failure(outcome) });
          }
        });
        return;
      }
      case "Event":
        return;
    }
  }

  private modify(m: QuerySetModification): void {
    if (m.type === "Add") {
      if (this.queries.has(m.queryId)) throw new ProtocolError(`Query ${m.queryId} added twice`);
      const args = argsOf(m.args);
      this.queries.set(m.queryId, { udfPath: m.udfPath, args, argsJson: JSON.stringify(m.args[0]) });
      this.removed.delete(m.queryId);
    } else {
      if (!this.queries.delete(m.queryId)) throw new ProtocolError(`Removing unknown query ${m.queryId}`);
      this.removed.add(m.queryId);
    }
  }

  private async authenticate(msg: Extract<ClientMessage, { type: "Authenticate" }>): Promise<void> {
    if (msg.tokenType !== "User") {
      // "None" clears the identity; dev admin keys carry no user identity either.
      this.identity = null;
      this.identityVersion = msg.baseVersion + 1;
      this.requestRefresh();
      return;
    }
    try {
      this.identity = await this.auth().validate(msg.value!);
      this.identityVersion = msg.baseVersion + 1;
      this.requestRefresh();
    } catch (e) {
      this.send({ type: "AuthError", error: (e as Error).message, baseVersion: msg.baseVersion, authUpdateAttempted: true });
    }
  }

  requestRefresh(): void {
    if (this.closed || !this.connected) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    void (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.refresh();
        } while (this.refreshAgain && !this.closed);
      } catch (e) {
        console.error("[alertrun-dev] refresh failed:", e);
      } finally {
        this.refreshing = false;
      }
    })();
  }

  private async refresh(): Promise<void> {
    // Read the clock before running queries: every commit up to it is reflected in the results.
    const ts = this.hub.clock.current;
    const querySet = this.querySet;
    const identityVersion = this.identityVersion;
    const identity = this.identity;
    const entries = [...this.queries.entries()];
    const cached = entries.map(([, q]) => this.hub.evaluate(q.udfPath, q.args, q.argsJson, identity));
    const results = await Promise.all(cached.map((r) => r.outcome));
    if (this.closed) return;
    // Anything applied while the queries ran belongs to the next pass.
    if (querySet !== this.querySet || identityVersion !== this.identityVersion) {
      this.refreshAgain = true;
      return;
    }
    const modifications: StateModification[] = [];
    for (const queryId of this.removed) modifications.push({ type: "QueryRemoved", queryId });
    this.removed.clear();
    entries.forEach(([queryId, q], i) => {
      // Not invalidated since it was last sent: skip re-encoding it.
      if (q.lastResult === cached[i]) return;
      q.lastResult = cached[i];
      const mod = toModification(queryId, results[i]!);
      const json = JSON.stringify(mod);
      if (json !== q.lastSent) {
        q.lastSent = json;
        modifications.push(mod);
      }
    });
    const endTs = ts > this.sent.ts ? ts : this.sent.ts;
    const changed =
      modifications.length > 0 || querySet !== this.sent.querySet || identityVersion !== this.sent.identity || this.owedTs > this.sent.ts;
    if (!changed) return;
    this.send({
      type: "Transition",
      startVersion: { querySet: this.sent.querySet, identity: this.sent.identity, ts: encodeTs(this.sent.ts) },
      endVersion: { querySet, identity: identityVersion, ts: encodeTs(endTs) },
      modifications,
    });
    this.sent = { querySet, identity: identityVersion, ts: endTs };
    if (this.owedTs > endTs) this.refreshAgain = true;
  }

  close(): void {
    this.dispose();
    this.socket.terminate();
  }
}

function argsOf(args: unknown[]): Record<string, Value> {
  return jsonToConvex(args[0] as never) as Record<string, Value>;
}

function failure(outcome: Extract<Outcome, { success: false }>) {
  return {
    success: false as const,
    result: outcome.errorMessage,
    logLines: [] as string[],
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
  };
}

function toModification(queryId: number, outcome: Outcome): StateModification {
  if (outcome.success) return { type: "QueryUpdated", queryId, value: convexToJson(outcome.value), logLines: [], journal: null };
  return {
    type: "QueryFailed",
    queryId,
    errorMessage: outcome.errorMessage,
    logLines: [],
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
    journal: null,
  };
}
