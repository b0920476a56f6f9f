// Child process for bench/sfu-media.mjs: runs the dev SFU (TypeScript sources through tsx) and
// reports its own CPU time on request, so the benchmark measures the SFU alone.
import { startDevSfu } from "../packages/devkit/src/sfu/index.ts";

// Each accepted signaling connection's path is reported, so the benchmark shows which protocol
// every join used (/rtc/v1 = LiveKit's current one; /rtc = the fallback).
const sfu = await startDevSfu({ port: 0, log: () => undefined, onSignal: (e) => process.send?.({ type: "signal", ...e }) });
process.send?.({ type: "ready", url: sfu.url });
process.on("message", async (message) => {
  if (message?.type === "cpu") process.send?.({ type: "cpu", usage: process.cpuUsage() });
  if (message?.type === "close") {
    await sfu.close();
    process.exit(0);
  }
});
