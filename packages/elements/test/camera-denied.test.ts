// Runs in the "camera-denied" group: the context grants microphone and geolocation but not the
// camera, and Chromium's fake-UI auto-accept is off, so the camera is really refused. The alert
// must still go out (audio and location reach responders), and the page must be told.
import { expect, fixture, html } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import type { AlertButton } from "../src/index.js";
import { SITE, endAlert, inner, nextEvent, stack, text, until, untilState } from "./helpers.js";

describe("<alert-button> with the camera blocked", () => {
  it("stays live without video, says so in place and fires alert-error", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site=${SITE} hold="200"></alert-button>`);
    await untilState(el, "idle");
    const error = nextEvent<CustomEvent>(el, "alert-error", 30_000);
    inner<HTMLButtonElement>(el, "[part~='button']")!.focus();
    await sendKeys({ down: "Space" });
    await new Promise((r) => setTimeout(r, 400));
    await sendKeys({ up: "Space" });
    expect((await error).detail.code).to.equal("media/permission-denied");
    await untilState(el, "live", 30_000);
    await until(() => text(el).includes("Camera blocked"), "camera notice in place");
    expect(inner(el, "[part~='preview']")).to.equal(null);
    await expect(el).to.be.accessible();
    await endAlert(el);
  });
});
