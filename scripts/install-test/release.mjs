// The release, rehearsed on a throwaway copy of the repository: `changeset version` with a minor
// bump of every published package, `pnpm publish --dry-run` of each (its `prepack` builds), then
// `pnpm pack` — the tarballs the install test puts into fresh apps are those of the rehearsed
// release, so they carry its version (0.1.0), and the bundle's VERSION is checked against it.
//
// Never reaches a registry: the registry is set to a closed loopback port and nothing is
// authenticated; `pnpm publish --dry-run` of one package asks no registry anything.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Publishable packages, in dependency order (each `prepack` builds against the previous ones' dist/). */
export const PACKAGES = ["contract", "backend", "devkit", "core", "elements", "alertrun", "react"];
export const RELEASE_VERSION = "0.1.0";
const OFFLINE_REGISTRY = "http://127.0.0.1:9/";

const SKIP = new Set(["node_modules", ".git", "dist", ".alertrun-data", "test-results", "coverage"]);

function sh(cmd, args, cwd, log) {
  const out = execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      CI: "true",
      npm_config_registry: OFFLINE_REGISTRY,
      npm_config_fetch_retries: "0",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  log?.(out);
  return out;
}

/** Copies the repository (sources only) and links its root node_modules, so nothing is installed. */
function copyRepo(root, dest) {
  cpSync(root, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = path.relative(root, src);
      if (rel === "") return true;
      const parts = rel.split(path.sep);
      // The root's node_modules is linked below; packages' node_modules are symlinks (kept).
      if (parts.length === 1 && parts[0] === "node_modules") return false;
      return !parts.some((p) => SKIP.has(p) && !(p === "node_modules" && parts.length > 1));
    },
  });
  symlinkSync(path.join(root, "node_modules"), path.join(dest, "node_modules"), "dir");
}

const pkgJson = (dir, name) => JSON.parse(readFileSync(path.join(dir, "packages", name, "package.json"), "utf8"));

/**
 * @returns {{ copy: string, tarballs: Record<string, string>, versions: Record<string, string>, changelogs: string[] }}
 */
export function rehearseRelease({ root, work, log = () => {} }) {
  const copy = path.join(work, "release");
  copyRepo(root, copy);

  // 1. A changeset bumping every published package, then `changeset version`.
  const names = PACKAGES.map((p) => pkgJson(copy, p).name);
  writeFileSync(
    path.join(copy, ".changeset", "zz-install-test-release.md"),
    `---\n${names.map((n) => `"${n}": minor`).join("\n")}\n---\n\nRehearsed release (install test).\n`,
  );
  sh(path.join(copy, "node_modules", ".bin", "changeset"), ["version"], copy, log);
  const versions = Object.fromEntries(PACKAGES.map((p) => [p, pkgJson(copy, p).version]));
  const changelogs = PACKAGES.filter((p) => existsSync(path.join(copy, "packages", p, "CHANGELOG.md")));

  // 2. `pnpm publish --dry-run` each package: prepack builds it; npm validates the tarball.
  for (const p of PACKAGES) {
    sh("pnpm", ["publish", "--dry-run", "--no-git-checks"], path.join(copy, "packages", p), log);
  }

  // 3. The tarballs (already built by prepack).
  const packs = path.join(work, "packs");
  mkdirSync(packs, { recursive: true });
  for (const p of PACKAGES) {
    sh("pnpm", ["pack", "--pack-destination", packs, "--config.ignore-scripts=true"], path.join(copy, "packages", p), log);
  }
  const tarballs = {};
  for (const file of readdirSync(packs)) {
    const p = PACKAGES.find((name) => file === `${pkgJson(copy, name).name.replace("@", "").replace("/", "-")}-${versions[name]}.tgz`);
    if (p) tarballs[pkgJson(copy, p).name] = path.join(packs, file);
  }
  return { copy, tarballs, versions, changelogs };
}
