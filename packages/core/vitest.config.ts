import { defineConfig } from "vitest/config";

// Unit tests only: pure logic in Node. The browser tests (test/browser) run in @web/test-runner.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    environment: "node",
  },
});
