import { expect } from "@open-wc/testing";
import { reporterOfflineText } from "../src/internal/format.js";

describe("reporterOfflineText", () => {
  it('says "Reporter offline for m:ss" only for an active alert whose reporter stopped beating', () => {
    const now = 1_000_000;
    expect(reporterOfflineText({ status: "active", reporterOnline: false, reporterLastSeenAt: now - 42_000 }, now)).to.equal("Reporter offline for 0:42");
    expect(reporterOfflineText({ status: "active", reporterOnline: true, reporterLastSeenAt: now - 42_000 }, now)).to.equal(null);
    expect(reporterOfflineText({ status: "ended", reporterOnline: false, reporterLastSeenAt: now - 42_000 }, now)).to.equal(null);
    // Older backends send neither field: treated as online.
    expect(reporterOfflineText({ status: "active" }, now)).to.equal(null);
  });
});
