/**
 * `@alertrun/contract`: the one definition of what crosses between AlertRun's clients and its
 * backend — limits, value rules, shapes and the backend's function signatures. Imported by the
 * backend (it bundles for Convex: its only dependency is `convex`), by core and by the elements.
 */
export { CATEGORY_MAX_CHARS, CHAT_MAX_CHARS, SITE_MAX_CHARS } from "./limits.js";
export { LIMITS } from "./limits-table.js";
export {
  bidiProblem,
  categoryProblem,
  chatTextProblem,
  cleanChatText,
  cleanDisplayName,
  clientRequestIdProblem,
  displayNameProblem,
  endReasonProblem,
  hasBidiControl,
  positionProblem,
  siteProblem,
  stripBidi,
  viewerIdProblem,
  type Position,
  type Problem,
  type ProblemCode,
} from "./rules.js";
export * from "./shapes.js";
export { ACK_KINDS } from "./ack-kinds.js";
export { functions, type FunctionKind, type FunctionName, type FunctionSpec, type Functions } from "./functions.js";
export { reference, referenceOfKind, type ArgsOf, type KindOf, type KindReference, type NamesOf, type ReferenceOf, type ResultOf } from "./references.js";
export { clientConfigProblem, type ConfigProblem, type ConfigProblemCode } from "./config.js";
