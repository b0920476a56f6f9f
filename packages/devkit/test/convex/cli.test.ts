// The `alertrun-dev` bin as a user runs it (through tsx, no build), with the SFU, on free ports.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ConvexHttpClient } from "convex/browser";
import { tempDir } from "./helpers.js";

const BIN = fileURLToPath(new URL("../../bin/alertrun-dev.mjs", import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]): Promise<{ lines: Record<string, string>; ms: number }> {
  const t0 = Date.now();
  child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const wantSfu = !args.includes("--no-sfu");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`alertrun-dev not ready in 20 s:\n${out}\n${err}`)), 20_000);
    child!.stderr!.on("data", (d) => (err += d));
    child!.stdout!.on("data", (d) => {
      out += d;
      if (/^site .*$/m.test(out) && (!wantSfu || /^livekit .*$/m.test(out))) {
        clearTimeout(timer);
        const lines = Object.fromEntries(out.trim().split("\n").map((l) => [l.split(/\s+/)[0]!, l.split(/\s+/)[1]!]));
        resolve({ lines, ms: Date.now() - t0 });
      }
    });
    child!.on("exit", (code) => reject(new Error(`alertrun-dev exited ${code}:\n${out}\n${err}`)));
  });
}

function stop(): Promise<number | null> {
  return new Promise((resolve) => {
    child!.once("exit", (code) => resolve(code));
    child!.kill("SIGINT");
  });
}

describe("alertrun-dev", () => {
  it("prints one line per service, wires the backend to the SFU, and saves --data on Ctrl-C", async () => {
    const data = tempDir();
    try {
      const { lines, ms } = await start(["--port", "0", "--site-port", "0", "--sfu-port", "0", "--data", data.path]);
      expect(lines.convex).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.site).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.livekit).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      // Generous bound for a shared CI machine; the README's target is 3 s on an idle one.
      expect(ms).toBeLessThan(10_000);

      const http = new ConvexHttpClient(lines.convex!);
      expect(await http.query("sites:get" as never, { site: "demo" } as never)).toMatchObject({ site: "demo" });
      const { alertId, ownerKey } = (await http.mutation("alerts:start" as never, { site: "demo", clientRequestId: `cli-${randomUUID()}` } as never)) as {
        alertId: string;
        ownerKey: string;
      };
      const token = (await http.action("media:publishToken" as never, { alertId, ownerKey } as never)) as { url: string };
      expect(token.url).toBe(lines.livekit);
      expect(await stop()).toBe(0);
      expect(existsSync(join(data.path, "db.json"))).toBe(true);

      const again = await start(["--port", "0", "--site-port", "0", "--no-sfu", "--data", data.path]);
      expect(again.lines.livekit).toBeUndefined();
      const restored = (await new ConvexHttpClient(again.lines.convex!).query("alerts:get" as never, { alertId } as never)) as { alertId: string };
      expect(restored.alertId).toBe(alertId);
      expect(await stop()).toBe(0);
    } finally {
      data.remove();
    }
  });

  it("rejects a bad flag with usage", async () => {
    await expect(start(["--port", "nope"])).rejects.toThrow(/must be a port number/);
  });
});
