// Child process for bench/sfu-media.mjs: runs the dev SFU (TypeScript sources through tsx) and
// reports its own CPU time on request, so the benchmark measures the SFU alone.
import { startDevSfu } from "../packages/devkit/src/sfu/index.ts";

const sfu = await startDevSfu({ port: 0, log: () => undefined });
process.send?.({ type: "ready", url: sfu.url });
process.on("message", async (message) => {
  if (message?.type === "cpu") process.send?.({ type: "cpu", usage: process.cpuUsage() });
  if (message?.type === "close") {
    await sfu.close();
    process.exit(0);
  }
});
