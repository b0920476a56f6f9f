// `npm start`: install, build what the demo needs, start the local stack (`alertrun-dev`: the
// Convex-compatible dev backend and the LiveKit-compatible dev SFU), serve the examples, print the
// URLs. Ctrl-C stops everything. Data is kept in .alertrun-data/ so a restart keeps the alerts.
//
// Flags: --no-build (reuse the last build), --port N (examples server, default 5173),
//        --fresh (delete .alertrun-data first).
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ensureInstalled, run, root } from "./ensure.mjs";
import { serveExamples } from "./serve-examples.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

const EXAMPLES_PORT = Number(option("--port", process.env.PORT ?? "5173"));
const PORTS = { convex: 3210, site: 3211, sfu: 7880 };
const DATA_DIR = path.join(root, ".alertrun-data");

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function waitForPorts(ports, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertrun-dev exited with code ${child.exitCode}`);
    const up = await Promise.all(ports.map(portInUse));
    if (up.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`the local stack did not open ports ${ports.join(", ")} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

ensureInstalled();
let npmAppBuilt = true;
if (!flag("--no-build")) {
  // Only the demo's packages and what they depend on: the CDN bundle and the devkit first (the
  // demo needs them), then the Vite app (the demo still runs without it).
  run('pnpm --filter "alertrun..." --filter "@alertrun/devkit..." build');
  try {
    run('pnpm --filter "@alertrun/example-npm-app" --filter "@alertrun/example-react-app..." build');
  } catch {
    npmAppBuilt = false;
    console.error("\nThe npm app example did not build (see above); starting the demo without it.");
  }
}
if (flag("--fresh")) rmSync(DATA_DIR, { recursive: true, force: true });

for (const [name, port] of Object.entries({ ...PORTS, examples: EXAMPLES_PORT })) {
  if (await portInUse(port)) {
    console.error(`Port ${port} (${name}) is already in use on 127.0.0.1. Is another \`npm start\` running?`);
    process.exit(1);
  }
}

console.log("\nStarting the local stack (alertrun-dev)…");
const dev = spawn(
  process.execPath,
  [path.join(root, "packages/devkit/bin/alertrun-dev.mjs"), "--data", DATA_DIR],
  { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
);

let shuttingDown = false;
let examples;
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log("\nStopping…");
  await examples?.close();
  if (dev.exitCode === null) {
    dev.kill("SIGINT");
    const killer = setTimeout(() => dev.kill("SIGKILL"), 5000);
    await new Promise((r) => dev.once("exit", r));
    clearTimeout(killer);
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
dev.on("exit", (code) => {
  if (!shuttingDown) {
    console.error(`alertrun-dev stopped (exit code ${code}).`);
    void shutdown(code || 1);
  }
});

try {
  await waitForPorts(Object.values(PORTS), dev, 30_000);
  examples = await serveExamples({ port: EXAMPLES_PORT, convexUrl: `http://127.0.0.1:${PORTS.convex}` });
} catch (error) {
  console.error(`Could not start the demo: ${error.message}`);
  await shutdown(1);
}

const u = examples.url;
console.log(`
AlertRun demo is running.

  Campus page (press and hold)   ${u}/campus-site/
  Responder dashboard            ${u}/responder-dashboard/
  npm app (Vite build)           ${npmAppBuilt ? `${u}/npm-app/` : "(not built: see the build output above)"}
  React app (@alertrun/react)    ${npmAppBuilt ? `${u}/react-app/` : "(not built: see the build output above)"}

  Convex dev backend             http://127.0.0.1:${PORTS.convex}  (HTTP actions :${PORTS.site})
  LiveKit dev SFU                ws://127.0.0.1:${PORTS.sfu}

Open the campus page and the dashboard in two windows, then hold the red button.
Data is kept in .alertrun-data/ (npm start -- --fresh starts over). Ctrl-C stops everything.
`);
