// The contract's case table at the backend level: each shared rule's valid and invalid inputs go
// through the real public function that takes them. An invalid input is refused with exactly the
// contract's code and message; a valid one is never refused as invalid (it may still be refused
// for another reason, e.g. a well-formed site that does not exist).
import {
  CATEGORY_CASES,
  CHAT_TEXT_CASES,
  CLIENT_REQUEST_ID_CASES,
  DISPLAY_NAME_CASES,
  END_REASON_CASES,
  POSITION_CASES,
  SITE_CASES,
  VIEWER_ID_CASES,
  type RuleCase,
} from "@alertrun/contract/cases";
import {
  categoryProblem,
  chatTextProblem,
  clientRequestIdProblem,
  displayNameProblem,
  endReasonProblem,
  positionProblem,
  siteProblem,
  viewerIdProblem,
  type Problem,
} from "@alertrun/contract";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { api, requestId, setup, startAlert, useFakeClock, type T } from "./setup";

useFakeClock();

/** Runs one input through the backend; resolves to the ConvexError data, or null on success. */
async function outcome(call: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await call;
    return null;
  } catch (error) {
    if (!(error instanceof ConvexError)) throw error;
    return (error as ConvexError<{ code: string; message: string }>).data;
  }
}

function rule<I>(name: string, cases: readonly RuleCase<I>[], problem: (input: I) => Problem | null, call: (t: T, input: I) => Promise<unknown>) {
  describe(name, () => {
    for (const c of cases) {
      test(`${c.valid ? "accepts" : "refuses"} ${c.name}`, async () => {
        const expected = problem(c.input);
        expect(expected === null, "the contract agrees with its own table").toBe(c.valid);
        const got = await outcome(call(await setup(), c.input));
        if (expected) expect(got).toEqual({ code: expected.code, message: expected.message });
        else expect(["args/invalid", "chat/invalid-message"]).not.toContain(got?.code);
      });
    }
  });
}

rule("category (alerts:start)", CATEGORY_CASES, categoryProblem, (t, category) => startAlert(t, { category }));
rule("site (alerts:start)", SITE_CASES, siteProblem, (t, site) => startAlert(t, { site }));
rule("clientRequestId (alerts:start)", CLIENT_REQUEST_ID_CASES, clientRequestIdProblem, (t, clientRequestId) =>
  t.mutation(api.alerts.start, { site: "demo", clientRequestId }),
);
rule("end reason (alerts:end)", END_REASON_CASES, endReasonProblem, async (t, reason) =>
  t.mutation(api.alerts.end, { ...(await startAlert(t)), reason }),
);
rule("chat text (messages:send)", CHAT_TEXT_CASES, chatTextProblem, async (t, text) =>
  t.mutation(api.messages.send, { ...(await startAlert(t)), text }),
);
rule("display name (messages:send)", DISPLAY_NAME_CASES, displayNameProblem, async (t, displayName) =>
  t.mutation(api.messages.send, { ...(await startAlert(t)), text: "hi", displayName }),
);
rule("viewerId (presence:heartbeat)", VIEWER_ID_CASES, viewerIdProblem, async (t, viewerId) =>
  t.mutation(api.presence.heartbeat, { alertId: (await startAlert(t)).alertId, viewerId }),
);
rule("position (locations:update)", POSITION_CASES, positionProblem, async (t, position) =>
  t.mutation(api.locations.update, { ...(await startAlert(t)), ...position }),
);
rule("position (alerts:start)", POSITION_CASES.filter((c) => c.input.heading === undefined), positionProblem, (t, location) =>
  t.mutation(api.alerts.start, { site: "demo", clientRequestId: requestId(), location }),
);
