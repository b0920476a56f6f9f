/** The site slug rule, alone: the configuration check the CDN entry runs needs only this one. */
import { SITE_MAX_CHARS } from "./limits.js";
import { invalid, isText, type Problem } from "./text-rules.js";

const SITE = /* @__PURE__ */ new RegExp(`^[a-z0-9][a-z0-9_-]{0,${SITE_MAX_CHARS - 1}}$`);

/** Site slug: 1-63 of a-z 0-9 _ -, starting with a letter or digit. */
export function siteProblem(site: unknown): Problem | null {
  return isText(site) && SITE.test(site) ? null : invalid("site", `site must be 1-${SITE_MAX_CHARS} lowercase letters, digits, - or _.`);
}

