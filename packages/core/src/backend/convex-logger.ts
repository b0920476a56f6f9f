import type { ConvexClient } from "convex/browser";

type Logger = Exclude<NonNullable<ConstructorParameters<typeof ConvexClient>[1]>["logger"], boolean | undefined>;

/** How `convex/browser` prefixes a failed mutation, action or query: `[CONVEX M(name)] …`. */
const FUNCTION_FAILURE = /^\[CONVEX [QMA]\(/;

/**
 * The Convex client's console, minus the failures of our own function calls. Each of those
 * already reaches the caller as a rejected call or a query error, which core turns into an
 * `AlertRunError` the host sees (`lastError`, `alertrun-error`), so the console line only
 * repeats it in the host page's console. Some refusals are expected: a viewer asks for its
 * media token while the alert is still loading, and an ended alert refuses it. Everything else
 * (fatal protocol errors, warnings, a function's own log lines) is passed on as Convex logs it.
 */
export function quietFunctionFailures(target: Pick<Console, "log" | "warn" | "error"> = console): Logger {
  return {
    logVerbose: () => undefined,
    log: (...args: unknown[]) => target.log(...args),
    warn: (...args: unknown[]) => target.warn(...args),
    error: (...args: unknown[]) => {
      if (typeof args[0] === "string" && FUNCTION_FAILURE.test(args[0])) return;
      target.error(...args);
    },
  };
}
