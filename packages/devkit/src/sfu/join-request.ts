import { gunzipSync } from "node:zlib";
import { JoinRequest, WrappedJoinRequest, WrappedJoinRequest_Compression } from "@livekit/protocol";
import { SfuError } from "./errors.js";

/** Upper bound on an inflated join request: an SDP offer is a few KB; this stops a gzip bomb. */
const MAX_JOIN_REQUEST_BYTES = 256 * 1024;

/**
 * Decodes `/rtc/v1`'s `join_request` query parameter: base64url of a `WrappedJoinRequest`
 * whose `join_request` bytes are a `JoinRequest`, gzip-compressed or not. Anything else is a
 * `sfu/malformed-message` (HTTP 400), never an exception the server does not expect.
 */
export function decodeJoinRequest(param: string | null): JoinRequest {
  if (!param) throw new SfuError("sfu/malformed-message", "missing join_request", 400);
  try {
    const wrapped = WrappedJoinRequest.fromBinary(Buffer.from(param, "base64url"));
    let bytes: Uint8Array = wrapped.joinRequest;
    if (wrapped.compression === WrappedJoinRequest_Compression.GZIP) {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_JOIN_REQUEST_BYTES });
    } else if (wrapped.compression !== WrappedJoinRequest_Compression.NONE) {
      throw new Error(`unknown compression ${String(wrapped.compression)}`);
    }
    return JoinRequest.fromBinary(bytes);
  } catch (cause) {
    throw new SfuError("sfu/malformed-message", "malformed join_request", 400, { cause });
  }
}
