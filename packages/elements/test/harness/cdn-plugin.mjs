// Serves the built script-tag bundle at /__alertrun/cdn/. `pnpm test` builds
// packages/alertrun/dist/cdn and hands a private copy of it (ALERTRUN_TEST_CDN_DIR), so another
// engineer's build rewriting dist/ mid-run cannot pull files out from under the CDN test.
// Without the variable (web-test-runner run by hand) it serves dist/cdn directly.
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const PREFIX = "/__alertrun/cdn/";

export function cdnPlugin() {
  const dir = resolve(process.env.ALERTRUN_TEST_CDN_DIR ?? fileURLToPath(new URL("../../../alertrun/dist/cdn", import.meta.url)));
  return {
    name: "alertrun-cdn",
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const file = resolve(dir, context.path.slice(PREFIX.length));
      if (!file.startsWith(dir + sep)) return { status: 403, body: "" };
      try {
        const body = await readFile(file, "utf8");
        return { body, type: file.endsWith(".map") ? "json" : "js" };
      } catch {
        return { status: 404, body: "" };
      }
    },
  };
}
