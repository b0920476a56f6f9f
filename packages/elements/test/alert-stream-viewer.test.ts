import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { AlertStreamViewer } from "../src/index.js";
import { SITE, endAlert, inner, isPlaying, nextEvent, signedInClient, stack, startLiveAlert, text, until, untilState } from "./helpers.js";

describe("<alert-stream-viewer> without a live alert", () => {
  it("is idle with a message when it has nothing to watch", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertStreamViewer>(html`<alert-stream-viewer convex-url=${convexUrl} site=${SITE}></alert-stream-viewer>`);
    expect(el.getAttribute("state")).to.equal("idle");
    expect(inner(el, "[part~='message']")!.textContent).to.contain("No alert selected");
    await expect(el).to.be.accessible();
  });

  it("reports a missing convex-url and an empty alert-id in place", async () => {
    let error = nextEvent<CustomEvent>(document, "alert-error");
    const el = await fixture<AlertStreamViewer>(html`<alert-stream-viewer site=${SITE} latest></alert-stream-viewer>`);
    expect((await error).detail.code).to.equal("config/missing-convex-url");
    expect(el.getAttribute("state")).to.equal("error");
    expect(inner(el, "[role='alert']")!.textContent).to.contain("convex-url");

    const { convexUrl } = await stack();
    error = nextEvent<CustomEvent>(el, "alert-error");
    el.setAttribute("convex-url", convexUrl);
    el.setAttribute("alert-id", " ");
    expect((await error).detail.code).to.equal("config/invalid-attribute");
    expect(el.getAttribute("state")).to.equal("error");
  });

  it("reports an alert that does not exist", async () => {
    const { convexUrl } = await stack();
    const error = nextEvent<CustomEvent>(document, "alert-error", 20_000);
    const el = await fixture<AlertStreamViewer>(
      html`<alert-stream-viewer convex-url=${convexUrl} site=${SITE} alert-id="nope"></alert-stream-viewer>`,
    );
    const { code } = (await error).detail;
    expect(code).to.match(/^alert\/not-found|^backend\//);
    await untilState(el, "error");
  });
});

describe("<alert-stream-viewer> watching a live alert", () => {
  afterEach(() => fixtureCleanup());

  it("goes connecting → live, plays the video, acknowledges, chats and sees the end", async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container, { category: "fire" });

    // Signed in as a responder (the dev backend's /dev/token): only responders acknowledge.
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.client = await signedInClient("officer-diaz", "Officer Diaz", "responder");
    viewer.setAttribute("alert-id", alertId);
    viewer.setAttribute("display-name", "Officer Diaz");
    const live = nextEvent<CustomEvent>(viewer, "alert-live", 30_000);
    const states = new Set<string>();
    new MutationObserver(() => states.add(viewer.getAttribute("state")!)).observe(viewer, { attributes: true });
    // Above the button, so the <video> is inside the 800×600 viewport: adaptive stream rightly
    // pauses a video scrolled out of view (the dev SFU honours it, as LiveKit Cloud does).
    container.prepend(viewer);

    expect((await live).detail.alertId).to.equal(alertId);
    await untilState(viewer, "live");
    // Core may pass through `waiting` (no track yet) and `connecting` within one render.
    expect([...states].some((s) => s === "connecting" || s === "waiting"), [...states].join()).to.equal(true);
    const video = inner<HTMLVideoElement>(viewer, "[part~='video']")!;
    await until(() => isPlaying(video), "remote video playing", 20_000);
    expect(video.muted, "autoplays muted").to.equal(true);
    expect(inner(viewer, "[part~='badge']")!.textContent).to.contain("LIVE");
    expect(inner(viewer, "[part~='elapsed']")!.textContent).to.match(/^\d+:\d\d$/);
    expect(text(viewer)).to.contain("Fire alert");
    await until(() => text(viewer).includes("40.71280, -74.00600"), "location shown");
    await expect(viewer).to.be.accessible();

    // Unmute is a user gesture away.
    inner<HTMLButtonElement>(viewer, "[part~='unmute-button']")!.click();
    await until(() => !video.muted, "unmuted");
    expect(inner(viewer, "[part~='unmute-button']")!.textContent).to.contain("Mute");

    // An acknowledgement shows on the viewer (pressed, count) and on the reporter's button.
    const seen = await until(() => inner<HTMLButtonElement>(viewer, "[part~='ack-button'][data-kind='seen']"), "ack buttons (access known)");
    seen.click();
    await until(() => seen.getAttribute("aria-pressed") === "true" && seen.textContent!.includes("(1)"), "ack pressed with count 1");
    await until(() => text(button).includes("1 responder has seen this"), "ack shown on the button");
    await until(() => text(button).includes("1 person watching"), "viewer count on the button");

    // Chat both ways.
    const input = await until(() => inner<HTMLInputElement>(viewer, "[part~='chat-input']"), "composer");
    input.value = "Help is two minutes away";
    inner<HTMLButtonElement>(viewer, "[part~='chat-send']")!.click();
    await until(() => text(button).includes("Officer Diaz: Help is two minutes away"), "responder message on the button");

    // The reporter ends the alert: the viewer shows the ended state.
    const ended = nextEvent<CustomEvent>(viewer, "alert-ended", 20_000);
    await endAlert(button);
    expect((await ended).detail.alertId).to.equal(alertId);
    await untilState(viewer, "ended");
    expect(inner(viewer, "[part~='message']")!.textContent).to.contain("has ended");
  });

  it("re-renders without measuring its chat log (no forced layout on every update)", async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container, { "no-video": "", "no-audio": "" });
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.client = await signedInClient("officer-layout", "Officer Layout", "responder");
    viewer.setAttribute("alert-id", alertId);
    container.prepend(viewer);
    try {
      await watchWithoutMeasuring(viewer);
    } finally {
      await endAlert(button);
    }
  });

  async function watchWithoutMeasuring(viewer: AlertStreamViewer): Promise<void> {
    const log = await until(() => inner<HTMLElement>(viewer, ".chat-log"), "the chat log", 30_000);
    // Count reads of the log's scroll sizes: each one forces a layout of the page.
    let reads = 0;
    for (const name of ["scrollTop", "scrollHeight", "clientHeight"] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(Element.prototype, name)!;
      Object.defineProperty(log, name, {
        configurable: true,
        get() {
          reads++;
          return descriptor.get!.call(this);
        },
        set(value: number) {
          descriptor.set?.call(this, value);
        },
      });
    }
    for (let i = 0; i < 5; i++) {
      viewer.requestUpdate();
      await viewer.updateComplete;
    }
    expect(inner(viewer, ".chat-log"), "the same log element throughout").to.equal(log);
    expect(reads, "scroll-size reads during five re-renders without new messages").to.equal(0);
  }

  it("shows a reconnecting overlay while the media server is away, then plays again", async () => {
    const { convexUrl } = await stack();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container);
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.setAttribute("convex-url", convexUrl);
    viewer.setAttribute("site", SITE);
    viewer.setAttribute("alert-id", alertId);
    // Above the button, so the <video> is inside the 800×600 viewport: adaptive stream rightly
    // pauses a video scrolled out of view (the dev SFU honours it, as LiveKit Cloud does).
    container.prepend(viewer);
    const video = await until(() => inner<HTMLVideoElement>(viewer, "[part~='video']"), "video element");
    await until(() => isPlaying(video), "remote video playing", 20_000);

    // Core decides how an outage reads: `reconnecting` when LiveKit resumes the session, or
    // `connecting`/`waiting` when it rejoins from scratch. Each has its overlay or message.
    const seen: { state: string; shown: string }[] = [];
    new MutationObserver(() => {
      const state = viewer.getAttribute("state")!;
      const shown = inner(viewer, "[part~='overlay'], [part~='message']")?.textContent?.trim() ?? "";
      seen.push({ state, shown });
    }).observe(viewer, { attributes: true, attributeFilter: ["state"] });
    await executeServerCommand("alertrun:sfu-restart", { downMs: 4000 });
    const away = await until(() => seen.find((s) => s.state !== "live"), "the viewer leaving live", 15_000);
    const expected: Record<string, RegExp> = { reconnecting: /Reconnecting/, connecting: /Connecting/, waiting: /Waiting/ };
    expect(away.state, JSON.stringify(seen)).to.be.oneOf(Object.keys(expected));
    expect(away.shown).to.match(expected[away.state]!);
    const reconnecting = seen.find((s) => s.state === "reconnecting");
    if (reconnecting) expect(reconnecting.shown).to.contain("Reconnecting");
    await untilState(viewer, "live", 40_000);
    await until(() => isPlaying(inner<HTMLVideoElement>(viewer, "[part~='video']")), "playing again", 20_000);
    expect(inner(viewer, "[part~='overlay']")).to.equal(null);
    await endAlert(button);
  });

  it("follows the newest alert with `latest`", async () => {
    const { convexUrl } = await stack();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container);
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.setAttribute("convex-url", convexUrl);
    viewer.setAttribute("site", SITE);
    viewer.toggleAttribute("latest", true);
    container.append(viewer);
    await untilState(viewer, "live", 30_000);
    expect(viewer.watchedAlertId).to.equal(alertId);
    await endAlert(button);
  });
});
