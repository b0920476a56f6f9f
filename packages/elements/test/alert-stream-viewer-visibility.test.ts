// Issue 13: the viewer uses LiveKit's adaptive stream, and the dev SFU honours it as LiveKit Cloud
// does (a subscriber that reports its video invisible stops receiving it). The product's viewer
// keeps playing while it is on screen, may pause when scrolled away or when the tab is hidden,
// and plays again as soon as it is visible again.
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { AlertStreamViewer } from "../src/index.js";
import { endAlert, frame, inner, moving, signedInClient, startLiveAlert, until, untilState } from "./helpers.js";

/** Waits until the picture holds still (the SFU stopped forwarding it): equal frames 1.5 s apart. */
async function frozen(video: HTMLVideoElement, label: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = frame(video);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_500));
    const next = frame(video);
    if (next === last) return;
    last = next;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
}

/**
 * Headless Chromium keeps every page visible, so the tab going to the background is emulated
 * where livekit-client reads it: `document.visibilityState` and the `visibilitychange` event.
 */
function setPageHidden(hidden: boolean): void {
  if (hidden) {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
  } else {
    // The own properties shadow Document.prototype's getters; removing them restores the real ones.
    delete (document as { visibilityState?: unknown }).visibilityState;
    delete (document as { hidden?: unknown }).hidden;
  }
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("<alert-stream-viewer> with adaptive stream", function () {
  this.timeout(180_000);
  afterEach(() => {
    setPageHidden(false);
    window.scrollTo(0, 0);
    fixtureCleanup();
  });

  it("plays while visible, pauses off screen or in a hidden tab, and plays again when visible", async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container);
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.client = await signedInClient("officer-visible", "Officer Visible", "responder");
    viewer.setAttribute("alert-id", alertId);
    container.prepend(viewer);
    // Room to scroll the viewer out of the 800×600 viewport.
    const spacer = document.createElement("div");
    spacer.style.height = "3000px";
    container.append(spacer);
    await untilState(viewer, "live", 40_000);
    await moving(viewer, "on screen");
    const video = inner<HTMLVideoElement>(viewer, "[part~='video']")!;

    // Scrolled out of view: LiveKit reports the video invisible and the SFU stops sending it.
    window.scrollTo(0, document.documentElement.scrollHeight);
    await until(() => video.getBoundingClientRect().bottom < 0, "the video scrolled away");
    await frozen(video, "the picture paused off screen");
    window.scrollTo(0, 0);
    await moving(viewer, "scrolled back into view");

    // A hidden tab pauses the video (LiveKit waits a few seconds first); visible again, it plays.
    setPageHidden(true);
    await frozen(video, "the picture paused in a hidden tab");
    setPageHidden(false);
    await moving(viewer, "the tab visible again");
    expect(viewer.getAttribute("state")).to.equal("live");
    expect(inner(viewer, "[part~='video']"), "the same <video> plays throughout").to.equal(video);

    await endAlert(button);
  });
});
