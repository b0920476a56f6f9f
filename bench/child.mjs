// A benchmark part in a process of its own (its CPU time is its own), running TypeScript sources
// through tsx, and a way to wait for the next message of a given type from it.
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Forks `file` (a path or file URL) with `args`; `next(type)` resolves with its next `{type}` message. */
export function forkPart(file, args = []) {
  const child = fork(file instanceof URL ? fileURLToPath(file) : file, args, {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type) =>
    new Promise((resolve) => {
      const on = (m) => {
        if (m.type === type) {
          child.off("message", on);
          resolve(m);
        }
      };
      child.on("message", on);
    });
  return { child, next };
}
