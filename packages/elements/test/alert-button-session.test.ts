// <alert-button> with a fake client and a fake session (given through the `client` property):
// what the session binding derives from core's stores (each event once per alert, a resumed
// alert), the live view's chunk arriving during the hold, and the pending panel that stands in
// for it. The real stack is covered by alert-button.test.ts.
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { LitElement, render } from "lit";
import { writable, type AlertRunClient, type AlertSession, type MediaState } from "@alertrun/core";
import type { AlertButton } from "../src/index.js";
import { LocalizeController } from "../src/internal/i18n/localize-controller.js";
import { renderPending } from "../src/alert-button/pending-view.js";
import { EndConfirmation } from "../src/alert-button/end-confirmation.js";
import type { FocusController } from "../src/alert-button/focus-controller.js";
import { renderOutage } from "../src/alert-button/outage-view.js";
import { inner, nextEvent, text, until, untilState } from "./helpers.js";

const MEDIA: MediaState = { camera: "live", microphone: "live", mode: "video", connection: "connected", path: "sfu" };

function fakeSession() {
  const stores = {
    state: writable<{ name: string; reason: string }>({ name: "starting", reason: "press" }),
    alertId: writable<string | null>(null),
    alert: writable(null),
    media: writable<MediaState>(MEDIA),
    preview: writable<MediaStream | null>(null),
    location: writable({ status: "pending", last: null }),
    messages: writable([]),
  };
  const ended: string[] = [];
  const session = {
    ...stores,
    sendMessage: () => Promise.resolve(),
    end: (reason: string) => {
      ended.push(reason);
      stores.state.set({ name: "ended", reason });
      return Promise.resolve();
    },
  } as unknown as AlertSession;
  return { session, stores, ended };
}

function fakeClient(session: AlertSession, resume = false) {
  const calls = { starts: 0, holds: 0 };
  const client = {
    options: { site: "demo" },
    connection: writable("connected"),
    site: () => writable({ status: "ready", value: { site: "demo", name: "Demo" } }),
    prefetchMedia: () => Promise.resolve(),
    resumeAlert: () => (resume ? session : null),
    startAlert: () => {
      calls.starts++;
      return session;
    },
    holdAlert: () => {
      calls.holds++;
      return { cancel: () => undefined, complete: () => session };
    },
  } as unknown as AlertRunClient;
  return { client, calls };
}

const press = (el: AlertButton) =>
  inner(el, "[part~='button']")!.dispatchEvent(new PointerEvent("pointerdown", { pointerType: "mouse", button: 0, bubbles: true }));

describe("<alert-button> with a fake session", () => {
  afterEach(() => fixtureCleanup());

  it("shows the live view, not the pending panel, as soon as a hold completes (its chunk loads during the hold)", async () => {
    const { session } = fakeSession();
    const { client, calls } = fakeClient(session);
    const el = await fixture<AlertButton>(html`<alert-button .client=${client} hold="600"></alert-button>`);
    await untilState(el, "idle");
    let firstLiveView: boolean | null = null;
    const observer = new MutationObserver(() => {
      if (el.state === "starting" && firstLiveView === null) firstLiveView = !!inner(el, "[part~='status']");
    });
    observer.observe(el, { attributes: true, attributeFilter: ["state"] });
    press(el);
    await untilState(el, "starting");
    observer.disconnect();
    expect(calls.holds).to.equal(1);
    expect(firstLiveView).to.equal(true);
    expect(inner(el, "[part~='badge']")!.textContent).to.contain("Creating alert…");
  });

  it("fires alert-started, alert-live and the camera-denied alert-error once each, however often the stores repeat", async () => {
    const { session, stores } = fakeSession();
    const { client } = fakeClient(session);
    const el = await fixture<AlertButton>(html`<alert-button .client=${client} hold="0"></alert-button>`);
    await untilState(el, "idle");
    const counts: Record<string, number> = {};
    for (const name of ["alert-started", "alert-live", "alert-error", "alert-ended"]) {
      el.addEventListener(name, () => (counts[name] = (counts[name] ?? 0) + 1));
    }
    press(el);
    await untilState(el, "starting");
    stores.alertId.set("a1");
    stores.alertId.set("a1");
    stores.state.set({ name: "live", reason: "created" });
    stores.state.set({ name: "live", reason: "media" });
    stores.media.set({ ...MEDIA, camera: "denied", mode: "audio" });
    stores.media.set({ ...MEDIA, camera: "denied", microphone: "denied", mode: "location-only" });
    await untilState(el, "live");
    await until(() => text(el).includes("Camera blocked"), "camera notice");
    expect(counts).to.deep.equal({ "alert-started": 1, "alert-live": 1, "alert-error": 1 });
    expect(el.alertId).to.equal("a1");

    const ended = nextEvent<CustomEvent>(el, "alert-ended");
    stores.state.set({ name: "ended", reason: "ended-by-responder" });
    expect((await ended).detail).to.deep.equal({ alertId: "a1", reason: "ended-by-responder" });
    await untilState(el, "ended");
    expect(text(el)).to.contain("A responder closed the alert.");
    inner<HTMLButtonElement>(el, "[part~='reset-button']")!.click();
    await untilState(el, "idle");
    expect(counts["alert-ended"]).to.equal(1);
  });

  it("shows the alert that was live before a reload, without a press", async () => {
    const { session, stores } = fakeSession();
    stores.alertId.set("a2");
    stores.state.set({ name: "live", reason: "recovered" });
    const { client, calls } = fakeClient(session, true);
    const el = await fixture<AlertButton>(html`<alert-button .client=${client}></alert-button>`);
    await untilState(el, "live");
    await until(() => inner(el, "[part~='end-button']"), "live view");
    expect(calls.starts + calls.holds).to.equal(0);
  });

  it("ends only after confirmation, with focus on the safe choice", async () => {
    const { session, stores, ended } = fakeSession();
    const { client } = fakeClient(session);
    const el = await fixture<AlertButton>(html`<alert-button .client=${client} hold="0"></alert-button>`);
    press(el);
    stores.alertId.set("a3");
    stores.state.set({ name: "live", reason: "created" });
    await untilState(el, "live");
    (await until(() => inner<HTMLButtonElement>(el, "[part~='end-button']"), "end button")).click();
    await until(() => el.shadowRoot!.activeElement?.getAttribute("part") === "confirm-cancel", "focus on keep");
    inner<HTMLButtonElement>(el, "[part~='confirm-end']")!.click();
    await untilState(el, "ended");
    expect(ended).to.deep.equal(["ended-by-reporter"]);
  });
});

/** A bare host for the view templates, which need a localizer. */
class ViewHost extends LitElement {
  readonly l10n = new LocalizeController(this);
}
customElements.define("test-view-host", ViewHost);

describe("the pending panel (the live view's chunk has not arrived)", () => {
  it("shows the alert panel, its badge and the outage notice with the fallback number, and Done once ended", async () => {
    const host = await fixture<ViewHost>(html`<test-view-host></test-view-host>`);
    const i18n = host.l10n;
    const outage = renderOutage({ unreachable: true, pressed: true, fallbackTel: "+1 555 0100", i18n });
    const box = document.createElement("div");
    let resets = 0;
    let ends = 0;
    const ending = new EndConfirmation(host, { focusAfterUpdate: () => undefined } as unknown as FocusController, async () => void ends++, (fn) => () => void fn());
    render(renderPending({ state: "starting", outage, reset: () => resets++, ending, i18n }), box);
    expect(box.querySelector("[part~='panel']")).to.exist;
    expect(box.querySelector("[part~='badge']")!.textContent).to.contain("Creating alert…");
    expect(box.textContent).to.contain("will be sent as soon as the connection is back");
    expect(box.querySelector("[part~='fallback']")!.getAttribute("href")).to.equal("tel:+15550100");
    expect(box.querySelector("[part~='reset-button']")).to.equal(null);

    // Ending works without the live view's chunk: "End alert" asks first, as there.
    render(renderPending({ state: "live", outage, reset: () => resets++, ending, i18n }), box);
    box.querySelector<HTMLButtonElement>("[part~='end-button']")!.click();
    render(renderPending({ state: "live", outage, reset: () => resets++, ending, i18n }), box);
    expect(box.querySelector("[part~='confirm']")!.textContent).to.contain("End the alert?");
    box.querySelector<HTMLButtonElement>("[part~='confirm-end']")!.click();
    expect(ends).to.equal(1);
    render(renderPending({ state: "ending", outage, reset: () => resets++, ending, i18n }), box);
    expect(box.querySelector<HTMLButtonElement>("[part~='end-button']")!.disabled).to.equal(true);

    render(renderPending({ state: "ended", outage, reset: () => resets++, ending, i18n }), box);
    expect(box.querySelector("[part~='end-button']")).to.equal(null);
    expect(box.querySelector("[part~='fallback']")).to.equal(null);
    box.querySelector<HTMLButtonElement>("[part~='reset-button']")!.click();
    expect(resets).to.equal(1);
  });
});
