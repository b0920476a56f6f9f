/**
 * `@alertrun/contract/client-rules`: the rules a page checks before anything is sent (an
 * element's `category` and `site`, a client's configuration, the chat's length) and nothing else.
 * The CDN entry imports this module rather than the package's index, so its module graph holds
 * these few rules and not the backend's function table, the shapes or the rules only core and
 * the backend use. Everything here is also exported by the index.
 */
export { CATEGORY_MAX_CHARS, CHAT_MAX_CHARS, SITE_MAX_CHARS } from "./limits.js";
export { bidiProblem, categoryProblem, hasBidiControl, type Problem, type ProblemCode } from "./text-rules.js";
export { siteProblem } from "./site-rule.js";
export { clientConfigProblem, type ConfigProblem, type ConfigProblemCode } from "./config.js";
