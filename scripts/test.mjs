// `npm test`: every test of every package, in real Chromium against the local stack.
import { ensureInstalled, ensureChromium, run } from "./ensure.mjs";

ensureInstalled();
ensureChromium();
run("pnpm -r --workspace-concurrency=1 --if-present test");
