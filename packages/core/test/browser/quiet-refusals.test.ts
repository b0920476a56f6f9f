// Issue 13: a viewer asks for its media token in parallel with loading the alert, so a refusal
// (the alert has ended) is an expected answer. Refusals reach core as rejected calls and become
// typed errors; the Convex client must not also print them into the host page's console.
// Real convex/browser client in Chromium against the dev backend.
import { expect } from "@open-wc/testing";
import { ConvexConnection } from "../../src/backend/convex-connection.js";
import { closeAll, newClient, stack, waitFor } from "./helpers.js";

function captureConsoleErrors(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
    original.apply(console, args);
  };
  return { lines, restore: () => (console.error = original) };
}

describe("refused backend calls and the host page's console", function () {
  this.timeout(60_000);
  after(() => closeAll());

  async function endedAlertId(): Promise<string> {
    const client = await newClient();
    const alert = client.startAlert({ video: false, audio: false, location: false, category: "medical" });
    await waitFor(alert.state, (s) => s.name === "live", "the alert live");
    const alertId = alert.alertId.get()!;
    await alert.end("done");
    return alertId;
  }

  it("a refused action rejects with the backend's code and prints nothing to the console", async () => {
    const alertId = await endedAlertId();
    const connection = new ConvexConnection((await stack()).convexUrl);
    const errors = captureConsoleErrors();
    try {
      let outcome = "granted";
      try {
        await connection.action("media:viewToken", { alertId, viewerId: "viewer_quiet_0001" });
      } catch (error) {
        // The connection hands on Convex's error; its data carries the backend's stable code.
        const e = error as { code?: string; data?: { code?: string } };
        outcome = `${e.data?.code ?? e.code}: ${String(error)}`;
      }
      expect(outcome).to.match(/^alert\/ended: /);
      expect(errors.lines.filter((l) => l.includes("[CONVEX"))).to.deep.equal([]);
    } finally {
      errors.restore();
      connection.close();
    }
  });

  it("a viewer opening an ended alert by id shows it ended, with a clean console", async () => {
    const alertId = await endedAlertId();
    const errors = captureConsoleErrors();
    const viewer = (await newClient()).watch(alertId);
    try {
      await waitFor(viewer.state, (s) => s.name === "ended", "the viewer showing the alert ended");
      // The token asked for alongside the alert was refused; give its answer time to arrive.
      await new Promise((r) => setTimeout(r, 300));
      expect(viewer.lastError.get()).to.equal(null);
      expect(errors.lines).to.deep.equal([]);
    } finally {
      errors.restore();
      viewer.close();
    }
  });
});
