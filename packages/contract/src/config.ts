/**
 * A client's configuration (`convex-url`, `site`), checked before any network. The elements check
 * it synchronously in their own chunk (core loads later, on demand) and core checks it again for
 * callers that use it directly: both use this one function, so they agree word for word.
 */
import { siteProblem } from "./site-rule.js";

export type ConfigProblemCode = "config/missing-convex-url" | "config/invalid-url" | "config/missing-site" | "config/invalid-site";

export interface ConfigProblem {
  code: ConfigProblemCode;
  message: string;
}

/** The first thing wrong with a client configuration, or null. Values are trimmed first. */
export function clientConfigProblem(convexUrl: unknown, site: unknown): ConfigProblem | null {
  const url = typeof convexUrl === "string" ? convexUrl.trim() : "";
  if (!url) {
    return { code: "config/missing-convex-url", message: "Missing convex-url: set it on the element or on an enclosing <alert-provider>." };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: "config/invalid-url", message: `convex-url "${url}" is not a URL.` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { code: "config/invalid-url", message: `convex-url "${url}" must start with https:// or http://.` };
  }
  const slug = typeof site === "string" ? site.trim() : "";
  if (!slug) return { code: "config/missing-site", message: "Missing site: set the site attribute." };
  const bad = siteProblem(slug);
  return bad ? { code: "config/invalid-site", message: `site "${slug}": ${bad.message}` } : null;
}
