import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRoomServiceHandler } from "./room-service.js";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { SfuError } from "./errors.js";
import { decodeJoinRequest } from "./join-request.js";
import { Participant, type SignalProtocol } from "./participant.js";
import { DisconnectReason, LeaveRequest, LeaveRequest_Action, SignalResponse, type JoinRequest } from "@livekit/protocol";
import { PING_TIMEOUT_S, SfuRoom } from "./room.js";
import { mintRefreshToken, verifyJoinToken, type Grants } from "./token.js";
import type { WebhookFaults } from "./webhook-faults.js";
import { WebhookNotifier } from "./webhooks.js";

export interface SignalServerOptions {
  host: string;
  apiKey: string;
  apiSecret: string;
  webhookUrl?: string;
  log: (message: string) => void;
  webhookFaults?: WebhookFaults;
  /** How long a participant whose signaling dropped may resume, and an empty room stays (LiveKit: 20 s). */
  departureTimeoutMs?: number;
  /** Told of every accepted signaling connection (tests and the bench record the path). */
  onSignal?: (event: SignalEvent) => void;
}

/** One accepted signaling connection. */
export interface SignalEvent {
  path: "/rtc" | "/rtc/v1";
  protocol: SignalProtocol;
  identity: string;
  /** A session resume (`reconnect=1`), not a join. */
  reconnect: boolean;
}

const REFRESH_EVERY_MS = 5 * 60_000;
const REFRESH_TTL_S = 10 * 60;

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-allow-headers": "*",
};

/**
 * The access token of a request: `Authorization: Bearer <jwt>` (what LiveKit's server SDKs and
 * non-browser clients send) or the `access_token` query parameter (what browsers must use, as a
 * WebSocket cannot carry headers). The header wins when both are there, as with LiveKit.
 */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? url.searchParams.get("access_token");
}

/**
 * HTTP + WebSocket front of the dev SFU: `/rtc/v1` (one peer connection, the client's offer in
 * the join request; livekit-client's default) and `/rtc` (publisher and subscriber connections,
 * for older clients), each with its `/validate` endpoint.
 */
export class SignalServer {
  readonly http: Server;
  readonly rooms = new Map<string, SfuRoom>();
  readonly webhooks: WebhookNotifier;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  private readonly sockets = new Set<Duplex>();
  private readonly staleTimer: NodeJS.Timeout;

  constructor(private readonly options: SignalServerOptions) {
    this.roomService = createRoomServiceHandler({
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      participants: (name) => {
        const room = this.rooms.get(name);
        return room ? [...room.participants.values()].filter((p) => !p.grants.hidden).map((p) => p.info()) : null;
      },
    });
    this.webhooks = new WebhookNotifier(options.webhookUrl, options.apiKey, options.apiSecret, options.log, options.webhookFaults);
    this.http = createServer((req, res) => {
      this.handleHttp(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, CORS);
        res.end();
      });
    });
    this.http.on("upgrade", (req, socket, head) => {
      // Node hands the socket over with no 'error' listener; a client that resets it while the
      // token is checked would otherwise raise an uncaught ECONNRESET and stop the process.
      socket.on("error", () => socket.destroy());
      this.handleUpgrade(req, socket, head).catch(() => socket.destroy());
    });
    // A client that stopped pinging (a frozen tab) is dropped the way LiveKit drops it.
    this.staleTimer = setInterval(() => {
      const limit = Date.now() - PING_TIMEOUT_S * 1000;
      for (const room of this.rooms.values()) {
        for (const p of [...room.participants.values()]) {
          // One waiting to be resumed has its own (departure) timeout.
          if (p.signalConnected && p.lastSeen < limit) p.close(0, true);
        }
      }
    }, 5_000);
    this.staleTimer.unref();
    this.http.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  private parse(req: IncomingMessage): URL {
    return new URL(req.url ?? "/", "http://localhost");
  }

  /** LiveKit's room service (`ListParticipants`), which the backend's reconciliation asks. */
  private readonly roomService: ReturnType<typeof createRoomServiceHandler>;

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await this.roomService(req, res)) return;
    const url = this.parse(req);
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS).end();
      return;
    }
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/rtc/validate" || path === "/rtc/v1/validate") {
      try {
        await verifyJoinToken(requestToken(req, url), this.options.apiKey, this.options.apiSecret);
        if (path === "/rtc/v1/validate") decodeJoinRequest(url.searchParams.get("join_request"));
      } catch (error) {
        const e = error instanceof SfuError ? error : new SfuError("sfu/invalid-token", "invalid authorization token", 401);
        res.writeHead(e.status, { ...CORS, "content-type": "text/plain" }).end(e.message);
        return;
      }
      res.writeHead(200, { ...CORS, "content-type": "text/plain" }).end("success");
      return;
    }
    if (path === "" || path === "/") {
      res.writeHead(200, { ...CORS, "content-type": "text/plain" }).end("OK");
      return;
    }
    res.writeHead(404, { ...CORS, "content-type": "text/plain" }).end("404 page not found");
  }

  private refuse(socket: Duplex, status: number, message: string): void {
    const reason = status === 401 ? "Unauthorized" : status === 400 ? "Bad Request" : "Not Found";
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`,
    );
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = this.parse(req);
    const path = url.pathname.replace(/\/+$/, "");
    if (path !== "/rtc" && path !== "/rtc/v1") {
      this.refuse(socket, 404, "404 page not found");
      return;
    }
    const protocol: SignalProtocol = path === "/rtc/v1" ? "v1" : "v0";
    let grants: Grants;
    let joinRequest: JoinRequest | undefined;
    try {
      grants = await verifyJoinToken(requestToken(req, url), this.options.apiKey, this.options.apiSecret);
      if (protocol === "v1") joinRequest = decodeJoinRequest(url.searchParams.get("join_request"));
    } catch (error) {
      const e = error instanceof SfuError ? error : new SfuError("sfu/invalid-token", "invalid authorization token", 401);
      this.refuse(socket, e.status, e.message);
      return;
    }
    const reconnect = protocol === "v1" ? joinRequest?.reconnect === true : url.searchParams.get("reconnect") === "1";
    this.options.onSignal?.({ path: protocol === "v1" ? "/rtc/v1" : "/rtc", protocol, identity: grants.identity, reconnect });
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, grants, protocol, joinRequest, url));
  }

  private accept(ws: WebSocket, grants: Grants, protocol: SignalProtocol, joinRequest: JoinRequest | undefined, url: URL): void {
    // A resume: `reconnect=1&sid=…` on /rtc, `reconnect` + `participant_sid` in the v1 join request.
    const reconnect = protocol === "v1" ? joinRequest?.reconnect === true : url.searchParams.get("reconnect") === "1";
    if (reconnect) {
      this.resume(ws, grants, protocol === "v1" ? (joinRequest?.participantSid ?? "") : (url.searchParams.get("sid") ?? ""));
      return;
    }
    let room = this.rooms.get(grants.room);
    if (!room || room.closed) {
      room = new SfuRoom(
        grants.room,
        this.webhooks,
        (r) => {
          if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
        },
        this.options.departureTimeoutMs,
      );
      this.rooms.set(grants.room, room);
    }
    const participant = new Participant(ws, grants, room, this.options.host, this.options.log, {
      protocol,
      departureTimeoutMs: this.options.departureTimeoutMs,
    });
    room.join(participant);
    // v1: the join request carried the client's first offer; answered right after the join
    // response, before any frame from the socket (its candidates follow the offer).
    const offer = joinRequest?.publisherOffer;
    if (offer) participant.handleJoinOffer(offer);
    const { apiKey, apiSecret } = this.options;
    participant.startTokenRefresh(() => mintRefreshToken(grants, apiKey, apiSecret, REFRESH_TTL_S), REFRESH_EVERY_MS);
  }

  /**
   * Hands the session `sid` to a reconnecting client: same identity and room, still there. An
   * unknown or ended session gets a leave that asks for a full re-join, as LiveKit answers.
   */
  private resume(ws: WebSocket, grants: Grants, sid: string): void {
    const room = this.rooms.get(grants.room);
    const participant = room?.participants.get(sid);
    if (!room || !participant || participant.identity !== grants.identity || !participant.resumable) {
      ws.send(
        new SignalResponse({
          message: {
            case: "leave",
            value: new LeaveRequest({
              reason: DisconnectReason.STATE_MISMATCH,
              action: LeaveRequest_Action.RECONNECT,
              canReconnect: true,
            }),
          },
        }).toBinary(),
      );
      ws.close();
      return;
    }
    participant.resume(ws, room.reconnectResponse(), room.othersInfo(participant));
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, this.options.host, () => {
        const address = this.http.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    clearInterval(this.staleTimer);
    for (const room of [...this.rooms.values()]) room.close();
    this.rooms.clear();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    await this.webhooks.flush();
  }
}
