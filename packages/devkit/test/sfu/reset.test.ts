import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { startDevSfu, type DevSfu } from "../../src/sfu/index.js";
import { mintToken } from "./harness.js";

// livekit-client resets its signal socket when it gives up on an attempt (a media-server restart,
// a page closed mid-join). A reset that arrives while the SFU checks the token or refuses a bad /rtc/v1 join request
// used to surface as an uncaught ECONNRESET and stop the whole process.
describe("dev SFU and connections reset mid-upgrade", () => {
  let sfu: DevSfu;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  beforeAll(async () => {
    process.on("uncaughtException", onUncaught);
    sfu = await startDevSfu({ port: 0, log: () => {} });
  });
  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await sfu?.close();
  });

  function upgradeThenReset(path: string): Promise<void> {
    const { port } = new URL(sfu.url.replace(/^ws/, "http"));
    return new Promise((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
          () => {
            socket.resetAndDestroy();
            resolve();
          },
        );
      });
      socket.on("error", () => resolve());
    });
  }

  it("survives resets during token checks and /rtc/v1 join-request refusals, and keeps serving", async () => {
    const token = await mintToken("reset", { room: "r" });
    for (let i = 0; i < 30; i++) {
      await Promise.all([
        upgradeThenReset(`/rtc?access_token=${token}&protocol=17`),
        upgradeThenReset(`/rtc/v1?access_token=${token}`),
        upgradeThenReset(`/rtc?access_token=not-a-token`),
      ]);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(uncaught.map(String)).toEqual([]);
    const res = await fetch(`${sfu.url.replace(/^ws/, "http")}/rtc/validate?access_token=${token}`);
    expect(res.status).toBe(200);
  });
});
