import { randomBytes } from "node:crypto";

/** LiveKit-style ids (`PA_…`, `TR_…`, `RM_…`, `EV_…`): the client splits stream ids on `|`, so ids never contain it. */
export function newId(prefix: "PA" | "TR" | "RM" | "EV"): string {
  return `${prefix}_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
}
