import { describe, expect, it } from "vitest";
import { quietFunctionFailures } from "../../src/backend/convex-logger.js";

// What reaches the host page's console from the Convex client (the browser suite checks the
// same with the real client: test/browser/quiet-refusals.test.ts).
describe("quietFunctionFailures", () => {
  const sink = () => {
    const lines: [string, unknown[]][] = [];
    const target = {
      debug: (...a: unknown[]) => lines.push(["debug", a]),
      log: (...a: unknown[]) => lines.push(["log", a]),
      warn: (...a: unknown[]) => lines.push(["warn", a]),
      error: (...a: unknown[]) => lines.push(["error", a]),
    };
    return { lines, logger: quietFunctionFailures(target) };
  };

  it("drops the failure lines of mutations, actions and queries", () => {
    const { lines, logger } = sink();
    logger.error('[CONVEX A(media:viewToken)] [Request ID: 1] Server Error\nUncaught ConvexError: {"code":"alert/ended"}');
    logger.error("[CONVEX M(messages:send)] Server Error");
    logger.error("[CONVEX Q(alerts:get)] Server Error");
    expect(lines).toEqual([]);
  });

  it("passes on fatal errors, other errors, warnings and a function's own log lines", () => {
    const { lines, logger } = sink();
    logger.error("[CONVEX FATAL ERROR] protocol mismatch");
    logger.error(new Error("something else"));
    logger.warn("reconnecting");
    logger.log("%c[CONVEX M(alerts:start)] [LOG]", "color:x", "hello");
    logger.logVerbose("chatty");
    expect(lines.map(([level, args]) => [level, String(args[0])])).toEqual([
      ["error", "[CONVEX FATAL ERROR] protocol mismatch"],
      ["error", "Error: something else"],
      ["warn", "reconnecting"],
      ["log", "%c[CONVEX M(alerts:start)] [LOG]"],
    ]);
  });
});
