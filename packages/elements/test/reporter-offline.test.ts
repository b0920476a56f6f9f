import { expect, fixture, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { reporterOfflineText } from "../src/internal/format-alert.js";
import { addEnglish } from "../src/internal/i18n/messages.js";
import { enResponder } from "../src/internal/i18n/en-responder.js";
import { LocalizeController } from "../src/internal/i18n/localize-controller.js";

/** A bare host for the message layer, in English and in Spanish. */
class OfflineProbe extends LitElement {
  readonly i18n = new LocalizeController(this);
}
customElements.define("offline-probe", OfflineProbe);
addEnglish(enResponder);

describe("reporterOfflineText", () => {
  it('says "Reporter offline for m:ss" only for an active alert whose reporter stopped beating', async () => {
    const probe = await fixture<OfflineProbe>(html`<offline-probe lang="en"></offline-probe>`);
    const l = probe.i18n;
    const now = 1_000_000;
    expect(reporterOfflineText({ status: "active", reporterOnline: false, reporterLastSeenAt: now - 42_000 }, now, l)).to.equal("Reporter offline for 0:42");
    expect(reporterOfflineText({ status: "active", reporterOnline: false, reporterLastSeenAt: null }, now, l)).to.equal("Reporter offline");
    expect(reporterOfflineText({ status: "active", reporterOnline: true, reporterLastSeenAt: now - 42_000 }, now, l)).to.equal(null);
    expect(reporterOfflineText({ status: "ended", reporterOnline: false, reporterLastSeenAt: now - 42_000 }, now, l)).to.equal(null);
    // Older backends send neither field: treated as online.
    expect(reporterOfflineText({ status: "active" }, now, l)).to.equal(null);
  });
});
