// The subset of the Convex sync protocol the dev backend speaks (see the devkit README and
// the shared protocol notes). Client messages are validated by hand: a malformed frame is fatal
// for its socket only.
import type { JSONValue } from "convex/values";

export interface Version {
  querySet: number;
  identity: number;
  ts: string;
}

export type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number }
  | { type: "ModifyQuerySet"; baseVersion: number; newVersion: number; modifications: QuerySetModification[] }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] }
  | { type: "Authenticate"; tokenType: "User" | "Admin" | "None"; value?: string; baseVersion: number }
  | { type: "Event"; eventType: string; event: unknown };

export type QuerySetModification =
  | { type: "Add"; queryId: number; udfPath: string; args: JSONValue[] }
  | { type: "Remove"; queryId: number };

export type StateModification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: null }
  | { type: "QueryFailed"; queryId: number; errorMessage: string; logLines: string[]; errorData?: JSONValue; journal: null }
  | { type: "QueryRemoved"; queryId: number };

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isArgs = (v: unknown): v is JSONValue[] => Array.isArray(v) && v.length === 1 && isObject(v[0]);

function fail(what: string): never {
  throw new ProtocolError(`Invalid client message: ${what}`);
}

export function parseClientMessage(text: string): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    fail("not JSON");
  }
  if (!isObject(msg) || typeof msg.type !== "string") fail("missing type");
  switch (msg.type) {
    case "Connect":
      if (typeof msg.sessionId !== "string") fail("Connect.sessionId");
      return msg as ClientMessage;
    case "ModifyQuerySet": {
      if (!isInt(msg.baseVersion) || !isInt(msg.newVersion) || !Array.isArray(msg.modifications)) fail("ModifyQuerySet fields");
      for (const m of msg.modifications as unknown[]) {
        if (!isObject(m) || !isInt(m.queryId)) fail("ModifyQuerySet modification");
        if (m.type === "Add") {
          if (typeof m.udfPath !== "string" || !isArgs(m.args)) fail("Add fields");
        } else if (m.type !== "Remove") fail(`modification type ${String(m.type)}`);
      }
      return msg as ClientMessage;
    }
    case "Mutation":
    case "Action":
      if (!isInt(msg.requestId) || typeof msg.udfPath !== "string" || !isArgs(msg.args)) fail(`${msg.type} fields`);
      return msg as ClientMessage;
    case "Authenticate":
      if (!isInt(msg.baseVersion) || !["User", "Admin", "None"].includes(msg.tokenType as string)) fail("Authenticate fields");
      if (msg.tokenType !== "None" && typeof msg.value !== "string") fail("Authenticate.value");
      return msg as ClientMessage;
    case "Event":
      return msg as ClientMessage;
    default:
      fail(`unknown type ${JSON.stringify(msg.type)}`);
  }
}
