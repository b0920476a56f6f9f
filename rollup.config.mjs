// Builds the browser packages. Each package's `build` script selects its own part:
//   rollup -c ../../rollup.config.mjs --environment PACKAGE:elements
// Without PACKAGE every part is built (elements, alertrun). (`@alertrun/core` builds itself with tsc.)
//
// - `@alertrun/elements`: ESM in `dist/`, dependencies left as imports (the application's
//   bundler dedupes Lit, @alertrun/core, Leaflet); Leaflet's CSS is inlined as text.
// - `alertrun`: `dist/index.js` (re-exports, registers the elements) and the CDN bundle
//   `dist/cdn/alertrun.js`: everything bundled and minified, with convex, livekit-client and
//   Leaflet in chunks that load on demand (they are dynamic imports in the sources), plus
//   `dist/cdn/integrity.json` (the SRI hash of every file, see docs/cdn.md).
//
// Both stamp `VERSION` with the package's version (package.json, at build time: `changeset
// version` bumps package.json, the next build carries it); the CDN build also sets core's
// `DEV_MODE` to false, so development warnings are not shipped to every visitor.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import esbuild from "rollup-plugin-esbuild";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

const root = dirname(fileURLToPath(import.meta.url));
const pkg = (name, ...parts) => resolve(root, "packages", name, ...parts);

/**
 * A package's runtime dependencies: imports of them (and their subpaths) stay external, except
 * stylesheets, which are inlined as text (see cssAsText).
 */
function externalsOf(name) {
  const manifest = JSON.parse(readFileSync(pkg(name, "package.json"), "utf8"));
  const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  return (id) => !id.endsWith(".css") && deps.some((dep) => id === dep || id.startsWith(`${dep}/`));
}

/**
 * `import css from "x.css"` gives the stylesheet's text (whitespace and comments stripped), so
 * Leaflet's CSS can be adopted into a shadow root. Bundled even where Leaflet itself is external:
 * a bare CSS import left in `dist/` would be injected globally by application bundlers.
 */
function cssAsText() {
  return {
    name: "css-as-text",
    transform(code, id) {
      if (!id.endsWith(".css")) return null;
      const text = code
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\s+/g, " ")
        .replace(/\s*([{}:;,>])\s*/g, "$1")
        .trim();
      return { code: `export default ${JSON.stringify(text)};`, map: { mappings: "" } };
    },
  };
}

/**
 * Collapses whitespace and comments inside Lit's css`...` templates of our own sources (terser
 * leaves template text alone). Only for templates without `${}` interpolation.
 */
function minifyCssTemplates() {
  return {
    name: "minify-css-templates",
    transform(code, id) {
      if (id.includes("node_modules") || !/\.styles\.ts$/.test(id)) return null;
      const out = code.replace(/css`([^`$]*)`/g, (_, body) =>
        "css`" +
        body
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/\s+/g, " ")
          .replace(/\s*([{};,>])\s*/g, "$1")
          .replace(/:\s+/g, ":")
          .trim() +
          "`",
      );
      return { code: out, map: null };
    },
  };
}

const versionOf = (name) => JSON.parse(readFileSync(pkg(name, "package.json"), "utf8")).version;

/**
 * Replaces one declaration in one source file at build time. Throws when the declaration is not
 * found, so a renamed constant breaks the build instead of silently shipping the placeholder.
 */
function constant(file, pattern, replacement) {
  return {
    name: `constant:${relative(root, file)}`,
    transform(code, id) {
      if (resolve(id.split("?")[0]) !== file) return null;
      if (!pattern.test(code)) this.error(`${relative(root, file)}: expected ${pattern} (rollup.config.mjs stamps it)`);
      return { code: code.replace(pattern, replacement), map: null };
    },
  };
}

/** `VERSION` in @alertrun/elements: the version in its package.json. */
const stampVersion = () =>
  constant(
    pkg("elements", "src", "internal", "version.ts"),
    /export const VERSION\b[^=]*=\s*"[^"]*"/,
    `export const VERSION = ${JSON.stringify(versionOf("elements"))}`,
  );

/** Core's `DEV_MODE` off: dead-code elimination then drops the development warnings. */
const productionMode = () => constant(pkg("core", "src", "util", "dev.ts"), /export const DEV_MODE\b[^=]*=\s*true/, "export const DEV_MODE: boolean = false");

/**
 * Writes `integrity.json` next to the CDN files: `{ version, files: { "alertrun.js": "sha384-…" } }`
 * for every JavaScript file of this build, for `<script integrity>` and import maps' `integrity`.
 */
function integrityManifest(version) {
  return {
    name: "integrity-manifest",
    writeBundle(options, bundle) {
      const files = {};
      for (const name of Object.keys(bundle).filter((n) => n.endsWith(".js")).sort()) {
        const bytes = readFileSync(join(options.dir, name));
        files[name] = `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
      }
      writeFileSync(join(options.dir, "integrity.json"), JSON.stringify({ version, files }, null, 2) + "\n");
    },
  };
}

/** The CDN bundle compiles `@alertrun/*` from source, so it needs no prior build of them. */
function workspaceSources() {
  const entries = {
    "@alertrun/core": pkg("core", "src", "index.ts"),
    "@alertrun/elements": pkg("elements", "src", "index.ts"),
    "@alertrun/elements/define": pkg("elements", "src", "define.ts"),
    "@alertrun/elements/lazy": pkg("elements", "src", "lazy.ts"),
  };
  return {
    name: "workspace-sources",
    resolveId(id) {
      return entries[id] ?? null;
    },
  };
}

/**
 * After writing, deletes the JavaScript files of earlier builds (old chunk hashes) from the
 * output folder. Files are replaced in place rather than the folder being emptied first, so a
 * page or test using `dist/` while a build runs never finds it missing.
 */
function pruneStale() {
  return {
    name: "prune-stale",
    writeBundle(options, bundle) {
      const dir = options.dir;
      const keep = new Set(Object.keys(bundle));
      const walk = (folder) => {
        let entries;
        try {
          entries = readdirSync(folder, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          const file = join(folder, entry.name);
          const name = relative(dir, file).split("\\").join("/");
          if (entry.isDirectory()) {
            if (name !== "cdn") walk(file); // the CDN build prunes its own folder
          } else if (/\.js(\.map)?$/.test(name) && !keep.has(name)) {
            unlinkSync(file);
          }
        }
      };
      walk(dir);
    },
  };
}

const ts = (extra = {}) =>
  esbuild({
    target: "es2022",
    tsconfig: resolve(root, "tsconfig.json"),
    // Libraries read `process.env.NODE_ENV`; browsers have no `process`.
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    ...extra,
  });

const quiet = (warning, warn) => {
  // Leaflet's ESM file and livekit-client use `this` at top level and eval-free circular imports.
  if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
  warn(warning);
};

const library = (name, input) => ({
  input,
  external: externalsOf(name),
  plugins: [stampVersion(), cssAsText(), nodeResolve({ browser: true, extensions: [".ts", ".js", ".mjs"] }), ts(), pruneStale()],
  onwarn: quiet,
  output: {
    dir: pkg(name, "dist"),
    format: "es",
    sourcemap: true,
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name]-[hash].js",
  },
});

const builds = {
  elements: () => [
    library("elements", {
      index: pkg("elements", "src", "index.ts"),
      define: pkg("elements", "src", "define.ts"),
      lazy: pkg("elements", "src", "lazy.ts"),
    }),
  ],
  alertrun: () => [
    library("alertrun", { index: pkg("alertrun", "src", "index.ts") }),
    {
      input: { alertrun: pkg("alertrun", "src", "cdn.ts") },
      // The elements that load on demand import Lit and the shared element code from the entry
      // itself; without this, rollup would move that code into a chunk the entry imports, a
      // second request before the button can render.
      preserveEntrySignatures: "allow-extension",
      plugins: [
        workspaceSources(),
        stampVersion(),
        productionMode(),
        minifyCssTemplates(),
        cssAsText(),
        nodeResolve({ browser: true, extensions: [".ts", ".js", ".mjs"] }),
        // Transform dependencies too, so `process.env.NODE_ENV` is replaced everywhere.
        ts({ include: /\.[cm]?[jt]s$/, exclude: [] }),
        pruneStale(),
        integrityManifest(versionOf("alertrun")),
      ],
      onwarn: quiet,
      output: {
        dir: pkg("alertrun", "dist", "cdn"),
        format: "es",
        sourcemap: true,
        entryFileNames: "[name].js",
        chunkFileNames: "chunks/[name]-[hash].js",
        // What the viewer, map and feed share (their English and formatting): one chunk, which
        // the entry fetches alongside whichever of them comes first (see elements' lazy.ts).
        manualChunks: (id) => (/[\\/]internal[\\/](format-alert|i18n[\\/]en-responder)\.ts$/.test(id) ? "responder" : undefined),
        plugins: [terser({ module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } })],
      },
    },
  ],
};

const selected = process.env.PACKAGE;
if (selected && !builds[selected]) {
  throw new Error(`rollup.config.mjs: unknown PACKAGE "${selected}" (expected ${Object.keys(builds).join(", ")})`);
}
export default selected ? builds[selected]() : Object.values(builds).flatMap((build) => build());
