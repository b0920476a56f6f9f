/**
 * Development-time diagnostics. Builds may replace `DEV_MODE` with `false` (as Lit does with its
 * own flag) so the warnings disappear from production bundles.
 */
export const DEV_MODE: boolean = true;

const warned = new Set<string>();

/** Logs a warning once per distinct message; never throws. */
export function devWarn(message: string, detail?: unknown): void {
  if (!DEV_MODE || warned.has(message)) return;
  warned.add(message);
  if (warned.size > 200) warned.clear();
  console.warn(`[alertrun] ${message}`, ...(detail === undefined ? [] : [detail]));
}
