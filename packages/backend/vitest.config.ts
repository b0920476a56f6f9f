import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Convex runs functions in a V8 isolate without Node APIs; edge-runtime is the closest match.
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
