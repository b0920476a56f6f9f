/**
 * The permission matrix of docs/backend.md ("Permission matrix"), as data: every public function ×
 * caller × audience policy, and the outcome. test/permissions.test.ts runs every cell;
 * `pnpm --filter @alertrun/backend exec tsx test/permission-matrix.ts` prints the markdown table
 * that docs/backend.md holds.
 */
export const AUDIENCES = ["public", "signed-in", "responders"] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * - reporter: not signed in, holds the alert's owner key (an anonymous press on this device);
 * - responder: signed in with `role: "responder"`;
 * - signedInViewer: signed in, not a responder;
 * - anonymousViewer: not signed in, sends a viewerId (what `<alert-stream-viewer>` does);
 * - noIdentity: not signed in, sends neither an owner key nor a viewerId.
 */
export const CALLERS = ["reporter", "responder", "signedInViewer", "anonymousViewer", "noIdentity"] as const;
export type Caller = (typeof CALLERS)[number];

/** "ok"; an error code; or "validator" (Convex refuses the arguments: a required viewerId is missing). */
export type Outcome = "ok" | "auth/required" | "auth/forbidden" | "args/invalid" | "validator";

/** Whether the audience policy admits a caller who holds no owner key. */
function admitted(caller: Caller, audience: Audience): Outcome {
  if (audience === "public") return "ok";
  if (caller === "responder") return "ok";
  if (caller === "signedInViewer") return audience === "signed-in" ? "ok" : "auth/forbidden";
  return "auth/required";
}

const ownerOnly = (caller: Caller): Outcome => (caller === "reporter" ? "ok" : "auth/forbidden");
const responderOnly = (caller: Caller): Outcome =>
  caller === "responder" ? "ok" : caller === "signedInViewer" ? "auth/forbidden" : "auth/required";
/** Readers: the owner by key, anyone else by the audience policy. */
const reader = (caller: Caller, audience: Audience): Outcome => (caller === "reporter" ? "ok" : admitted(caller, audience));
/** Functions whose validator requires a viewerId; the reporter calls them as an anonymous viewer. */
const withViewerId =
  (rule: (caller: Caller, audience: Audience) => Outcome) =>
  (caller: Caller, audience: Audience): Outcome =>
    caller === "noIdentity" ? "validator" : rule(caller === "reporter" ? "anonymousViewer" : caller, audience);

export const MATRIX: Record<string, (caller: Caller, audience: Audience) => Outcome> = {
  "sites:get": () => "ok",
  "sites:access": () => "ok",
  "alerts:start": () => "ok",
  "alerts:end": ownerOnly,
  "alerts:active": (caller, audience) => admitted(caller === "reporter" ? "anonymousViewer" : caller, audience),
  "alerts:get": reader,
  "locations:update": ownerOnly,
  "locations:trail": reader,
  "acks:add": withViewerId((caller, audience) => {
    const gate = admitted(caller, audience);
    if (gate !== "ok") return gate;
    return caller === "responder" ? "ok" : "auth/forbidden";
  }),
  "presence:heartbeat": withViewerId(admitted),
  "messages:send": (caller, audience) => {
    if (caller === "reporter") return "ok";
    if (caller === "noIdentity") return "args/invalid";
    const gate = admitted(caller, audience);
    if (gate !== "ok") return gate;
    // viewerChat is off on these sites; with it on, admitted viewers get "ok" as author "viewer".
    return caller === "responder" ? "ok" : "auth/forbidden";
  },
  "messages:list": reader,
  "clips:generateUploadUrl": ownerOnly,
  "clips:attach": ownerOnly,
  "clips:list": reader,
  "media:publishToken": ownerOnly,
  "media:viewToken": withViewerId(admitted),
  "heartbeat:beat": ownerOnly,
  // The direct path reveals the reporter's network address: the owner and responders only,
  // whatever the site's audience (docs/backend.md, "Direct-path signalling").
  "directSignals:setMediaPath": ownerOnly,
  "directSignals:forReporter": ownerOnly,
  "directSignals:offer": ownerOnly,
  "directSignals:request": responderOnly,
  "directSignals:forViewer": responderOnly,
  "directSignals:answer": responderOnly,
  "directSignals:renew": responderOnly,
  "directSignals:leave": responderOnly,
  // Like a press: open to anyone the site lets press (the rooms are limited, see reservations.ts).
  "reservations:reserve": () => "ok",
};

const LABEL: Record<Caller, string> = {
  reporter: "reporter (owner key)",
  responder: "responder",
  signedInViewer: "signed-in viewer",
  anonymousViewer: "anonymous viewer",
  noIdentity: "no identity",
};

const SHORT: Record<Outcome, string> = {
  ok: "✓",
  "auth/required": "required",
  "auth/forbidden": "forbidden",
  "args/invalid": "invalid",
  validator: "args",
};

/** The markdown table docs/backend.md holds. */
export function markdown(): string {
  const lines = [`| function | audience | ${CALLERS.map((c) => LABEL[c]).join(" | ")} |`, `|---|---|${CALLERS.map(() => ":-:").join("|")}|`];
  for (const [fn, rule] of Object.entries(MATRIX)) {
    for (const audience of AUDIENCES) {
      lines.push(`| \`${fn}\` | ${audience} | ${CALLERS.map((c) => SHORT[rule(c, audience)]).join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

if (typeof process !== "undefined" && process.argv[1]?.endsWith("permission-matrix.ts")) console.log(markdown());
