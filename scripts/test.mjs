// `npm test`: lint, typecheck, then every test of every package, in real Chromium against the
// local stack, then the install test (scripts/install-test: a rehearsed release installed from
// its tarballs into fresh apps). Packages run one at a time (2-core machines; the browser suites
// are heavy).
import { ensureInstalled, ensureChromium, run } from "./ensure.mjs";

ensureInstalled();
ensureChromium();
run("pnpm lint");
run("node --test scripts/lint-rules.test.mjs");
run("pnpm -r typecheck");
run("pnpm -r --workspace-concurrency=1 --if-present test");
// Last: the packages as a user gets them (rehearsed release, npm-installed tarballs, fresh apps).
run("node --test --test-timeout=900000 scripts/install-test/install.test.mjs");
