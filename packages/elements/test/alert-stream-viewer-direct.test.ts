// Issue 16: <alert-stream-viewer> when the media server is unavailable. A signed-in responder's
// viewer follows the broadcaster onto the direct path (and says so), and back to the SFU when it
// returns, with no action from anyone; a viewer who may not take the direct path shows
// "unavailable" while location and chat go on.
import { expect, fixture, html } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { AlertRunClient } from "@alertrun/core";
import { AlertStreamViewer } from "../src/index.js";
import { SITE, endAlert, inner, moving, stack, startLiveAlert, text, until, untilState } from "./helpers.js";

const stopSfu = (): Promise<unknown> => executeServerCommand("alertrun:sfu-stop");
const startSfu = (): Promise<unknown> => executeServerCommand("alertrun:sfu-start");

async function responderClient(subject: string): Promise<AlertRunClient> {
  const { convexUrl } = await stack();
  const response = await fetch(`${convexUrl}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, name: subject, role: "responder" }),
  });
  const { token } = (await response.json()) as { token: string };
  return new AlertRunClient({ convexUrl, site: SITE, auth: async () => token });
}

describe("<alert-stream-viewer> on the direct path", function () {
  this.timeout(180_000);
  afterEach(async () => {
    await startSfu();
  });

  it("shows the direct connection while the SFU is down, then returns to the SFU by itself", async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container);
    const client = await responderClient("element-responder");
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.client = client;
    viewer.alertId = alertId;
    // Above the button, so the <video> is inside the 800×600 viewport: adaptive stream rightly
    // pauses a video scrolled out of view (the dev SFU honours it, as LiveKit Cloud does).
    container.prepend(viewer);
    await untilState(viewer, "live", 40_000);
    await moving(viewer, "over the SFU");
    expect(inner(viewer, "[part~='path']")).to.equal(null);

    await stopSfu();
    await until(() => inner(viewer, "[part~='path']"), "the direct-path label", 40_000);
    expect(viewer.getAttribute("state")).to.equal("live");
    expect(inner(viewer, "[part~='path']")!.textContent).to.contain("Direct connection; media server unavailable");
    await moving(viewer, "over the direct path");
    await expect(viewer).to.be.accessible();
    // The person in danger is told their video still gets through.
    await until(() => text(button).includes("your video goes directly to responders"), "the reporter's notice");

    await startSfu();
    await until(() => inner(viewer, "[part~='path']") === null && viewer.getAttribute("state") === "live", "back on the SFU", 60_000);
    await moving(viewer, "over the SFU again");
    await until(() => !text(button).includes("directly to responders"), "the reporter's notice gone");
    await endAlert(button);
    client.close();
  });

  it("a viewer who cannot take the direct path sees 'unavailable'; location and chat go on", async () => {
    // The session never asks a non-responder's questions of `directSignals` (the backend would
    // refuse them), so nothing about the direct path reaches the page's errors or console.
    const problems: string[] = [];
    const onError = (event: ErrorEvent): void => void problems.push(`error: ${event.message}`);
    const onRejection = (event: PromiseRejectionEvent): void => void problems.push(`unhandled rejection: ${String(event.reason)}`);
    window.addEventListener("error", onError);
    window.addEventListener("unhandledrejection", onRejection);
    const originals = { error: console.error, warn: console.warn, log: console.log };
    for (const level of ["error", "warn", "log"] as const) {
      console[level] = (...args: unknown[]) => {
        const line = args.map(String).join(" ");
        if (/directSignals|Uncaught/.test(line)) problems.push(`console.${level}: ${line}`);
        originals[level](...args);
      };
    }
    try {
      await cannotGoDirect();
    } finally {
      Object.assign(console, originals);
      window.removeEventListener("error", onError);
      window.removeEventListener("unhandledrejection", onRejection);
    }
    expect(problems, "errors on the page").to.deep.equal([]);
  });
});

/** The story of the test above: SFU down, an anonymous viewer; returns once the SFU is back. */
async function cannotGoDirect(): Promise<void> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const { button, alertId } = await startLiveAlert(container);
  const { convexUrl } = await stack();
  // Anonymous on a public site: may watch through the SFU, never directly.
  const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
  viewer.setAttribute("convex-url", convexUrl);
  viewer.setAttribute("site", SITE);
  viewer.setAttribute("alert-id", alertId);
  container.append(viewer);
  await untilState(viewer, "live", 40_000);
  await until(() => !text(viewer).includes("Location: not shared"), "the reporter's location", 20_000);

  await stopSfu();
  await untilState(viewer, "unavailable", 40_000);
  expect(inner(viewer, "[part~='message']")!.textContent).to.contain("media server is down");
  expect(text(viewer)).to.contain("Location: 40.71280, -74.00600");
  // Only responders write to the person (trust model); everyone watching still reads the chat.
  expect(inner(viewer, "[part~='chat-input']")).to.equal(null);
  const input = await until(() => inner<HTMLInputElement>(button, "[part~='chat-input']:not([disabled])"), "reporter chat");
  input.value = "Is anyone coming?";
  inner<HTMLButtonElement>(button, "[part~='chat-send']")!.click();
  await until(() => text(viewer).includes("Is anyone coming?"), "chat continues", 20_000);
  await expect(viewer).to.be.accessible();

  await startSfu();
  await untilState(viewer, "live", 60_000);
  await endAlert(button);
}
