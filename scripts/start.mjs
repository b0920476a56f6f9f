// `npm start`: install, build, start the local stack and serve the examples.
import { ensureInstalled, run } from "./ensure.mjs";

ensureInstalled();
run("pnpm --filter @alertrun/devkit exec alertrun-dev");
