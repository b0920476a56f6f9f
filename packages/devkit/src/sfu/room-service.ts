// LiveKit's room service (Twirp over HTTP), the part the AlertRun backend uses to reconcile
// webhooks with reality: `ListParticipants`. Development only, like the rest of the dev SFU.
//
// Wiring (server.ts): build the handler once with the SFU's key, secret and a directory over its
// rooms, and call it first in the HTTP handler:
//   const roomService = createRoomServiceHandler({ apiKey, apiSecret,
//     participants: (room) => this.rooms.get(room) ? [...this.rooms.get(room)!.participants.values()]
//       .filter((p) => !p.grants.hidden).map((p) => p.info()) : null });
//   if (await roomService(req, res)) return;
import type { IncomingMessage, ServerResponse } from "node:http";
import { ListParticipantsRequest, ListParticipantsResponse, ParticipantInfo } from "@livekit/protocol";
import { TokenVerifier } from "livekit-server-sdk";

export interface RoomServiceOptions {
  apiKey: string;
  apiSecret: string;
  /** The participants of a room (messages or plain fields), or null when the server has no such room. */
  participants(room: string): ConstructorParameters<typeof ParticipantInfo>[0][] | null;
}

const PREFIX = "/twirp/livekit.RoomService/";

/**
 * Returns a request handler that answers `POST /twirp/livekit.RoomService/ListParticipants` (JSON
 * or protobuf bodies, as livekit-server-sdk sends them) and resolves true when it handled the
 * request, false when the path is not the room service's. Other room-service methods answer
 * Twirp `unimplemented`. The caller's token must carry `roomAdmin` for the room, as on LiveKit.
 */
export function createRoomServiceHandler(options: RoomServiceOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const verifier = new TokenVerifier(options.apiKey, options.apiSecret);
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!path.startsWith(PREFIX)) return false;
    if (req.method !== "POST") return twirpError(res, 405, "bad_route", "room service methods are POST");
    const method = path.slice(PREFIX.length);
    const body = await readBody(req);
    if (method !== "ListParticipants") return twirpError(res, 501, "unimplemented", `${method} is not implemented by the dev SFU`);
    const json = !String(req.headers["content-type"] ?? "").includes("protobuf");
    let request: ListParticipantsRequest;
    try {
      request = json
        ? ListParticipantsRequest.fromJsonString(body.toString("utf8") || "{}", { ignoreUnknownFields: true })
        : ListParticipantsRequest.fromBinary(body);
    } catch {
      return twirpError(res, 400, "malformed", "the request body is not a ListParticipantsRequest");
    }
    const auth = String(req.headers.authorization ?? "");
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    try {
      const claims = await verifier.verify(token);
      if (!claims.video?.roomAdmin || (claims.video.room && claims.video.room !== request.room)) {
        return twirpError(res, 403, "permission_denied", "the token does not grant roomAdmin for this room");
      }
    } catch {
      return twirpError(res, 401, "unauthenticated", "missing or invalid access token");
    }
    const list = options.participants(request.room);
    if (list === null) return twirpError(res, 404, "not_found", "requested room does not exist");
    const response = new ListParticipantsResponse({ participants: list.map((p) => new ParticipantInfo(p)) });
    res.writeHead(200, { "content-type": json ? "application/json" : "application/protobuf" });
    res.end(json ? response.toJsonString() : Buffer.from(response.toBinary()));
    return true;
  };
}

function twirpError(res: ServerResponse, status: number, code: string, msg: string): true {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ code, msg }));
  return true;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        req.destroy();
        reject(new Error("body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
