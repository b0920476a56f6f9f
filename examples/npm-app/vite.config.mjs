import { defineConfig } from "vite";

// Served under /npm-app/ by scripts/serve-examples.mjs next to the other examples.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
