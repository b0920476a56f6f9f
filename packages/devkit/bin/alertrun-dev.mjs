#!/usr/bin/env node
// alertrun-dev — development only. Starts the local AlertRun stack: a Convex-compatible dev backend
// running @alertrun/backend's functions, and the LiveKit-compatible dev SFU. The devkit itself runs
// from its JavaScript build (dist/); the Convex functions it serves are TypeScript, loaded through
// tsx. In the repository (where src/ exists) the devkit's sources are used instead.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { register } from "tsx/esm/api";

const HELP = `alertrun-dev — local AlertRun stack (development only)

Usage: alertrun-dev [options]

  --port N         Convex sync + HTTP API port            (default 3210)
  --site-port N    Convex HTTP actions port               (default 3211)
  --sfu-port N     LiveKit-compatible SFU port            (default 7880)
  --data DIR       keep documents and files in DIR across restarts (default: memory only)
  --no-sfu         start the Convex backend only
  --functions DIR  Convex functions folder                (default: @alertrun/backend's convex/)
  -h, --help       show this help
`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: "string" },
      "site-port": { type: "string" },
      "sfu-port": { type: "string" },
      data: { type: "string" },
      "no-sfu": { type: "boolean" },
      functions: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (e) {
  console.error(`alertrun-dev: ${e.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const port = (name, fallback) => {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`alertrun-dev: --${name} must be a port number, got "${raw}"`);
    process.exit(2);
  }
  return n;
};

// werift can reject inside its own event handlers, out of reach of the SFU's try/catch. One bad
// peer connection must not take the whole local stack down: log it and keep serving.
process.on("unhandledRejection", (reason) => {
  console.error("alertrun-dev: unhandled rejection (ignored):", reason);
});
process.on("uncaughtException", (error) => {
  console.error("alertrun-dev: uncaught exception (ignored):", error);
});

register();
const built = new URL("../dist/index.js", import.meta.url);
const sources = new URL("../src/index.ts", import.meta.url);
// The published package ships dist/ only. In the repository the sources win, so an edit needs no
// rebuild before the next run.
const { startDevStack } = await import(existsSync(sources) ? sources.href : built.href);

let stack;
try {
  stack = await startDevStack({
    convexPort: port("port", 3210),
    sitePort: port("site-port", 3211),
    sfuPort: port("sfu-port", 7880),
    dataDir: args.data,
    functionsDir: args.functions,
    sfu: !args["no-sfu"],
  });
} catch (e) {
  console.error(`alertrun-dev: could not start: ${e?.code === "EADDRINUSE" ? `port ${e.port} is already in use` : e?.stack ?? e}`);
  process.exit(1);
}

console.log(`convex   ${stack.convexUrl}   (sync + HTTP API; VITE_CONVEX_URL / convexUrl)`);
console.log(`site     ${stack.siteUrl}   (HTTP actions; LiveKit webhooks at /livekit/webhook)`);
if (stack.livekitUrl) console.log(`livekit  ${stack.livekitUrl}   (key devkey, secret secret)`);
if (args.data) console.log(`data     ${args.data}`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) process.exit(1); // second Ctrl-C: leave now
  stopping = true;
  console.log(`\nalertrun-dev: ${signal}, saving and stopping…`);
  const timer = setTimeout(() => process.exit(1), 5000);
  timer.unref();
  await stack.close().catch((e) => console.error(e));
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
