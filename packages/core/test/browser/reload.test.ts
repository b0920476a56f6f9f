// A real reload of the reporter's tab mid-alert: the page re-attaches to the same live alert,
// publishes again, uploads the evidence segments recorded before the reload (held back here by
// a dead upload link), and a second press returns the same alert instead of raising another.
import { expect } from "@open-wc/testing";
import type { AlertSummary, ClipInfo } from "../../src/index.js";
import { MEDIA_WAIT_MS, closeAll, eventually, pageOp, rawConvex, SITE, stack, trackPageErrors } from "./helpers.js";

interface Report {
  recovered: boolean;
  state: string;
  alertId: string | null;
  connection: string;
  segments: number;
  uploaded: number;
  failed: number;
  errors: string[];
}

const UPLOADS = "/api/storage/upload";
const report = (): Promise<Report> => pageOp<Report>({ op: "eval", expr: "window.report" });
const until = (check: (r: Report) => boolean, label: string, timeoutMs = 30_000): Promise<Report> =>
  eventually(async () => {
    const r = await report();
    return check(r) ? r : undefined;
  }, label, timeoutMs, 300);

describe("reload mid-alert", function () {
  this.timeout(150_000);
  const pageErrors = trackPageErrors();
  after(async () => {
    pageErrors.stop();
    await pageOp({ op: "close" }).catch(() => undefined);
    closeAll();
  });

  it("re-attaches to the same alert, resumes media, uploads earlier segments, never makes a second alert", async () => {
    const { convexUrl } = await stack();
    const category = `reload-${Date.now()}`;
    await pageOp({ op: "open", path: `/test/browser/pages/reporter.html?convexUrl=${encodeURIComponent(convexUrl)}&site=${SITE}` });
    expect((await report()).recovered).to.equal(false);
    // The upload link is dead from the press on: evidence segments (one per 5 s) wait in storage.
    await pageOp({ op: "block", contains: UPLOADS });
    await pageOp({ op: "eval", expr: `window.press(${JSON.stringify(category)})` });
    const live = await until((r) => r.state === "live" && r.connection === "connected", "live and publishing", MEDIA_WAIT_MS);
    const alertId = live.alertId ?? "";

    const before = await until((r) => r.segments >= 2, "two segments recorded", 40_000);
    expect(before.uploaded).to.equal(0);
    await pageOp({ op: "reload" });
    // The link comes back only after the reload: what reaches the backend now was recorded by
    // the page before it.
    await pageOp({ op: "unblock", contains: UPLOADS });

    const after = await until((r) => r.state === "live", "recovered and live");
    expect(after.recovered).to.equal(true);
    expect(after.alertId).to.equal(alertId);
    await until((r) => r.connection === "connected", "publishing again", MEDIA_WAIT_MS);

    // Every segment closed before the reload reaches the backend.
    const convex = await rawConvex();
    const clips = await eventually(async () => {
      const list = (await convex.query("clips:list" as never, { alertId } as never)) as ClipInfo[];
      const seqs = new Set(list.map((c) => c.seq));
      for (let seq = 0; seq < before.segments; seq++) if (!seqs.has(seq)) return undefined;
      return list;
    }, `segments 0..${before.segments - 1} uploaded`, 60_000);
    expect(clips.length).to.be.at.least(before.segments);

    // Pressing again while the recovered alert is live returns it.
    const again = await pageOp<string | null>({ op: "eval", expr: `window.press(${JSON.stringify(category)})` });
    expect(again).to.equal(alertId);
    const active = (await convex.query("alerts:active" as never, { site: SITE } as never)) as AlertSummary[];
    expect(active.filter((a) => a.category === category).map((a) => a.alertId)).to.deep.equal([alertId]);

    await pageOp({ op: "eval", expr: "window.end()" });
    await until((r) => r.state === "ended", "ended");
    // Ended alerts are forgotten: another reload starts idle.
    await pageOp({ op: "reload" });
    expect((await report()).recovered).to.equal(false);
    expect((await report()).errors).to.deep.equal([]);
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
