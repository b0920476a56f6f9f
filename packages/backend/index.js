// `@alertrun/backend` is a Convex project: its functions live in `convex/` and run on a Convex
// deployment, not in your app. This entry only tells tools where that folder is (the devkit serves
// it locally; `alertrun-backend init` copies it into your app). Importing it has no side effects.
import { fileURLToPath } from "node:url";

/** Absolute path of the shipped `convex/` functions folder. */
export const convexDir = fileURLToPath(new URL("./convex", import.meta.url));
