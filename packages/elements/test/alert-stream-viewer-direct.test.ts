// Issue 16: <alert-stream-viewer> when the media server is unavailable. A signed-in responder's
// viewer follows the broadcaster onto the direct path (and says so), and back to the SFU when it
// returns, with no action from anyone; a viewer who may not take the direct path shows
// "unavailable" while location and chat go on.
import { expect, fixture, html } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { AlertRunClient } from "@alertrun/core";
import { AlertStreamViewer } from "../src/index.js";
import { SITE, endAlert, inner, isPlaying, stack, startLiveAlert, text, until, untilState } from "./helpers.js";

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

/** A frame of `video` as a few pixels, to tell a moving picture from a frozen one. */
function frame(video: HTMLVideoElement): string {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 18;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, 32, 18);
  return Array.from(ctx.getImageData(0, 0, 32, 18).data.filter((_, i) => i % 16 === 0)).join(",");
}

async function moving(viewer: AlertStreamViewer, label: string): Promise<void> {
  const video = await until(() => inner<HTMLVideoElement>(viewer, "[part~='video']"), `${label}: video element`);
  await until(() => isPlaying(video), `${label}: playing`, 40_000);
  const first = frame(video);
  await until(() => frame(video) !== first, `${label}: frames change`, 15_000);
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
    container.append(viewer);
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

    await stopSfu();
    await untilState(viewer, "unavailable", 40_000);
    expect(inner(viewer, "[part~='message']")!.textContent).to.contain("media server is down");
    expect(text(viewer)).to.contain("Location:");
    expect(text(viewer)).not.to.contain("Location: not shared");
    const input = inner<HTMLInputElement>(viewer, "[part~='chat-input']")!;
    input.value = "Help is coming";
    input.dispatchEvent(new Event("input"));
    inner<HTMLButtonElement>(viewer, "[part~='chat-send']")!.click();
    await until(() => text(viewer).includes("Help is coming"), "chat continues", 20_000);
    await expect(viewer).to.be.accessible();

    await startSfu();
    await untilState(viewer, "live", 60_000);
    await endAlert(button);
  });
});
