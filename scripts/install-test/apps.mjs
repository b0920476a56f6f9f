// Fresh apps in a temporary folder, made the way a developer makes them: copy an example's files
// (no workspace links), `npm install` the release's tarballs and the public tools it needs.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** npm, quiet and cache-first (CI reinstalls the same versions every run). */
export function npm(args, cwd) {
  return execFileSync("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false" },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Copies `files` of the example at `from` into `dir`, writes a package.json that depends on the
 * given tarballs (and pins every @alertrun package to its tarball, so nested dependencies never go
 * to the registry for a version that is not published), then installs.
 */
export function makeApp({ dir, from, files, tarballs, dependencies = {}, devDependencies = {} }) {
  mkdirSync(dir, { recursive: true });
  for (const f of files) cpSync(path.join(from, f), path.join(dir, f), { recursive: true });
  const local = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: path.basename(dir), private: true, type: "module", dependencies: { ...local, ...dependencies }, devDependencies, overrides: local }, null, 2),
  );
  npm(["install"], dir);
  return dir;
}

/** Starts a long-running command and resolves with the first URL it prints (`pattern`'s group 1). */
export function startServer(cmd, args, { cwd, env = {}, pattern = /(http:\/\/127\.0\.0\.1:\d+)/, timeout = 60_000, name = cmd }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: false });
  let output = "";
  const found = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} printed no URL within ${timeout} ms:\n${output}`)), timeout);
    const onData = (chunk) => {
      // Vite colours its banner; strip ANSI codes before matching.
      // eslint-disable-next-line no-control-regex -- ANSI colour codes
      output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match.slice(1));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before printing a URL:\n${output}`));
    });
  });
  return {
    child,
    ready: found,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await new Promise((r) => child.once("exit", r));
      clearTimeout(killer);
    },
  };
}

/** Rewrites the default local Convex URL in an app's file to the test stack's. */
export function pointAt(file, convexUrl) {
  writeFileSync(file, readFileSync(file, "utf8").replaceAll("http://127.0.0.1:3210", convexUrl));
}
