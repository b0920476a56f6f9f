// The contract's own level: every case of the shared table against the rule functions.
import { describe, expect, it } from "vitest";
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
} from "../src/cases.js";
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
} from "../src/index.js";

const table: [string, readonly RuleCase<never>[], (x: never) => Problem | null, string][] = [
  ["category", CATEGORY_CASES as readonly RuleCase<never>[], categoryProblem, "args/invalid"],
  ["chat text", CHAT_TEXT_CASES as readonly RuleCase<never>[], chatTextProblem, "chat/invalid-message"],
  ["display name", DISPLAY_NAME_CASES as readonly RuleCase<never>[], displayNameProblem, "args/invalid"],
  ["site", SITE_CASES as readonly RuleCase<never>[], siteProblem, "args/invalid"],
  ["viewer id", VIEWER_ID_CASES as readonly RuleCase<never>[], viewerIdProblem, "args/invalid"],
  ["client request id", CLIENT_REQUEST_ID_CASES as readonly RuleCase<never>[], clientRequestIdProblem, "args/invalid"],
  ["end reason", END_REASON_CASES as readonly RuleCase<never>[], endReasonProblem, "args/invalid"],
  ["position", POSITION_CASES as readonly RuleCase<never>[], positionProblem, "args/invalid"],
];

for (const [rule, cases, check, code] of table) {
  describe(rule, () => {
    for (const c of cases) {
      it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, () => {
        const problem = check(c.input);
        if (c.valid) expect(problem).toBeNull();
        else expect(problem?.code).toBe(c.name.includes("bidi") ? "args/invalid" : code);
      });
    }
  });
}
