// A tiny static server for the examples: the campus page, the responder dashboard, the Vite app's
// build, and the CDN bundle they load. Loopback only. Used by `npm start`, the end-to-end tests and
// the benchmarks, so all three see the same pages.
//
// The pages point at the default local stack (http://127.0.0.1:3210). When the stack runs elsewhere
// (tests use ephemeral ports), HTML is rewritten at serve time, so the pages stay plain HTML that a
// reader can copy.
import { createServer } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readFile } from "node:fs/promises";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_CONVEX_URL = "http://127.0.0.1:3210";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** URL prefix → folder on disk. The CDN bundle is served from where `pnpm -r build` writes it. */
export function defaultMounts() {
  return {
    "/cdn/": path.join(root, "packages/alertrun/dist/cdn"),
    "/campus-site/": path.join(root, "examples/campus-site"),
    "/responder-dashboard/": path.join(root, "examples/responder-dashboard"),
    "/npm-app/": path.join(root, "examples/npm-app/dist"),
    "/react-app/": path.join(root, "examples/react-app/dist"),
  };
}

const INDEX_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AlertRun examples</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body>
<h1>AlertRun examples</h1>
<p>Open the campus page in one window and the dashboard in another (or on another device on this
machine), then press and hold the button.</p>
<ul>
<li><a href="/campus-site/">Campus page</a>: a plain HTML page with one script tag and <code>&lt;alert-button&gt;</code></li>
<li><a href="/responder-dashboard/">Responder dashboard</a>: <code>&lt;alert-feed&gt;</code>, <code>&lt;alert-map&gt;</code>, <code>&lt;alert-stream-viewer&gt;</code></li>
<li><a href="/npm-app/">npm app</a>: the same elements imported from npm and bundled by Vite</li>
<li><a href="/react-app/">React app</a>: the elements as React components (<code>@alertrun/react</code>)</li>
</ul></body></html>`;

/**
 * Starts the server. `convexUrl` replaces the default URL in every HTML page; `mounts` adds or
 * overrides URL prefixes (e.g. the benchmark's own pages).
 * @returns {Promise<{url: string, port: number, close(): Promise<void>}>}
 */
export async function serveExamples({ port = 0, host = "127.0.0.1", convexUrl = DEFAULT_CONVEX_URL, mounts = {} } = {}) {
  const table = Object.entries({ ...defaultMounts(), ...mounts }).sort((a, b) => b[0].length - a[0].length);

  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "Method not allowed");
      if (pathname === "/") return send(res, 200, INDEX_PAGE, MIME[".html"]);

      const mount = table.find(([prefix]) => pathname.startsWith(prefix) || pathname + "/" === prefix);
      if (!mount) return send(res, 404, "Not found");
      const [prefix, dir] = mount;
      if (pathname + "/" === prefix) return redirect(res, prefix);

      const rel = decodeURIComponent(pathname.slice(prefix.length));
      let file = path.resolve(dir, rel);
      // Refuse anything that climbs out of the mounted folder.
      if (file !== dir && !file.startsWith(dir + path.sep)) return send(res, 403, "Forbidden");
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
      if (!existsSync(file)) {
        const hint = prefix === "/cdn/" || prefix === "/npm-app/" || prefix === "/react-app/" ? " (run `pnpm -r build` first)" : "";
        return send(res, 404, `Not found: ${pathname}${hint}`);
      }

      const type = MIME[path.extname(file)] ?? "application/octet-stream";
      const headers = { "content-type": type, "cache-control": "no-store" };
      if (type.startsWith("text/html")) {
        const html = (await readFile(file, "utf8")).replaceAll(DEFAULT_CONVEX_URL, convexUrl);
        res.writeHead(200, { ...headers, "content-length": Buffer.byteLength(html) });
        return res.end(req.method === "HEAD" ? undefined : html);
      }
      res.writeHead(200, { ...headers, "content-length": statSync(file).size });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).pipe(res);
    } catch (error) {
      send(res, 500, String(error?.message ?? error));
    }
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function send(res, status, body, type = MIME[".txt"]) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function redirect(res, location) {
  res.writeHead(301, { location });
  res.end();
}

// `node scripts/serve-examples.mjs [--port 5173] [--convex-url http://127.0.0.1:3210]`
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const { url } = await serveExamples({
    port: Number(arg("--port", "5173")),
    convexUrl: arg("--convex-url", DEFAULT_CONVEX_URL),
  });
  console.log(`examples: ${url}/`);
}
