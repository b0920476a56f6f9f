// `npm test`: lint, typecheck, then every test of every package, in real Chromium against the
// local stack. Packages run one at a time (2-core machines; the browser suites are heavy).
import { ensureInstalled, ensureChromium, run } from "./ensure.mjs";

ensureInstalled();
ensureChromium();
run("pnpm lint");
run("node --test scripts/lint-rules.test.mjs");
run("pnpm -r typecheck");
run("pnpm -r --workspace-concurrency=1 --if-present test");
