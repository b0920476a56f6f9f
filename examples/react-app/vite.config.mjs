import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The Convex URL comes from VITE_CONVEX_URL (default: the local stack, `npx alertrun-dev`).
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
