/** Identifier rules: site slugs, viewer ids and client request ids. */
import { LIMITS } from "./limits-table.js";
import { invalid, isText, type Problem } from "./text-rules.js";

export { siteProblem } from "./site-rule.js";

const VIEWER_ID = new RegExp(`^[A-Za-z0-9_.:-]{1,${LIMITS.viewerIdMaxChars}}$`);
const CLIENT_REQUEST_ID = new RegExp(`^[A-Za-z0-9_-]{${LIMITS.clientRequestIdMinChars},${LIMITS.clientRequestIdMaxChars}}$`);

/** Viewer id: 1-64 of A-Z a-z 0-9 _ . : - */
export function viewerIdProblem(id: unknown): Problem | null {
  return isText(id) && VIEWER_ID.test(id)
    ? null
    : invalid("viewerId", `viewerId must be 1-${LIMITS.viewerIdMaxChars} characters of A-Z a-z 0-9 _ . : -.`);
}

/** Client request id: 16-128 url-safe characters (e.g. a base64url UUID). */
export function clientRequestIdProblem(id: unknown): Problem | null {
  return isText(id) && CLIENT_REQUEST_ID.test(id)
    ? null
    : invalid(
        "clientRequestId",
        `clientRequestId must be ${LIMITS.clientRequestIdMinChars}-${LIMITS.clientRequestIdMaxChars} characters of A-Z a-z 0-9 _ -.`,
      );
}

