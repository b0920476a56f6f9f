import { defineConfig } from "vitest/config";

// Both halves of the devkit (Convex backend, SFU) start real servers and real clients, some in
// headless Chromium: run files one at a time on the shared 2-core machines, with generous limits.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    pool: "forks",
  },
});
