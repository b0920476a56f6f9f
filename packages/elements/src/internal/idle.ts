/**
 * Runs `fn` when the browser is idle (or after a short delay where `requestIdleCallback` is
 * missing, as in Safari), so prefetching heavy code never competes with the first render.
 * Returns a cancel function.
 */
export function whenIdle(fn: () => void, timeout = 3000): () => void {
  const safe = () => {
    try {
      fn();
    } catch {
      // Prefetching is an optimisation; a failure here shows up later, where it matters.
    }
  };
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(safe, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(safe, 200);
  return () => clearTimeout(id);
}
