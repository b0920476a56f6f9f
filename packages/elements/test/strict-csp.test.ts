// Strict hosts: a page served with
//   Content-Security-Policy: script-src 'self'; style-src 'self'; require-trusted-types-for 'script'
// whose only script is the CDN bundle. Every element must work (the map reaches `ready` and
// draws the alert) and the browser must report no violation: no inline style, no string written
// to an HTML sink (Leaflet's load-time probe goes through the one documented policy).
import { expect } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { SITE, pageEval, stack } from "./helpers.js";

const CDN = "/__alertrun/cdn/alertrun.js";
// The policy, plus the allow-list of policy names docs/security.md gives integrators.
const CSP = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html alertrun-leaflet";

async function poll<T>(id: number, body: string, label: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await pageEval<T>(id, body);
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 250));
  }
  const state = await pageEval(
    id,
    `return [...document.querySelectorAll("*")].filter((e) => e.shadowRoot).map((e) => e.localName + "[" + e.getAttribute("state") + "]: " + e.shadowRoot.textContent.replace(/\\s+/g, " ").slice(0, 200)).join(" | ");`,
  );
  throw new Error(`timed out waiting for ${label} (last: ${JSON.stringify(last)}; page: ${String(state)})`);
}

const state = (tag: string) => `document.querySelector("${tag}").getAttribute("state")`;

describe("strict CSP with Trusted Types enforced", function () {
  // Five elements, an alert and its stream on one page: longer than the default 40 s per test.
  this.timeout(150_000);
  let page: number | null = null;
  after(async () => {
    if (page !== null) await executeServerCommand("alertrun:page-close", { id: page });
  });

  it("runs all five elements: the map reaches ready and shows the alert; no violations", async () => {
    const { convexUrl } = await stack();
    const html =
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict CSP</title>` +
      `<script type="module" src="${CDN}"></script></head><body>` +
      `<alert-button convex-url="${convexUrl}" site="${SITE}" hold="300" category="medical"></alert-button>` +
      `<alert-provider convex-url="${convexUrl}" site="${SITE}">` +
      `<alert-feed></alert-feed><alert-map tile-url="none"></alert-map><alert-stream-viewer latest></alert-stream-viewer>` +
      `</alert-provider></body></html>`;
    page = (await executeServerCommand("alertrun:page-open", { html, headers: { "Content-Security-Policy": CSP } })) as number;

    await poll(page, `return ${state("alert-button")} === "idle";`, "button idle");
    await poll(page, `return ${state("alert-feed")} === "ready";`, "feed ready");
    await poll(page, `return ${state("alert-map")} === "ready";`, "map ready");

    await executeServerCommand("alertrun:page-keys", { id: page, selector: "alert-button button.hold", key: "Enter", holdMs: 600 });
    await poll(page, `return ${state("alert-button")} === "live";`, "button live");
    const alertId = await pageEval<string>(page, `return document.querySelector("alert-button").alertId;`);
    await poll(page, `return !!document.querySelector("alert-feed").shadowRoot.querySelector("[data-alert-id='${alertId}']");`, "alert in the feed");
    await poll(page, `return !!document.querySelector("alert-map").shadowRoot.querySelector("[data-alert-id='${alertId}']");`, "alert in the map's list");
    await poll(page, `return document.querySelector("alert-map").shadowRoot.querySelectorAll(".leaflet-overlay-pane path").length >= 2;`, "marker drawn");
    // Leaflet's CSS reached the shadow root (adopted, not an inline <style>).
    await poll(page, `const p = document.querySelector("alert-map").shadowRoot.querySelector(".leaflet-map-pane"); return !!p && getComputedStyle(p).position === "absolute";`, "Leaflet CSS applied");
    // The viewer is last on the page, below the 800×600 viewport; adaptive stream rightly pauses a
    // video no one can see, so bring it into view as a responder would.
    await pageEval(page, `document.querySelector("alert-stream-viewer").scrollIntoView(); return true;`);
    await poll(page, `return ${state("alert-stream-viewer")} === "live";`, "viewer live", 40_000);
    await poll(
      page,
      `const v = document.querySelector("alert-stream-viewer").shadowRoot.querySelector("video"); return !!v && v.readyState >= 2 && v.videoWidth > 0;`,
      "viewer video playing",
    );

    // The reporter writes; the viewer reads it. Zoom buttons work.
    await pageEval(page, `const b = document.querySelector("alert-button").shadowRoot; b.querySelector("[part~='chat-input']").value = "strict hello"; b.querySelector("[part~='chat-send']").click();`);
    await poll(page, `return document.querySelector("alert-stream-viewer").shadowRoot.textContent.includes("strict hello");`, "chat reaches the viewer");
    await pageEval(page, `document.querySelector("alert-map").shadowRoot.querySelector("[part~='zoom-button']").click();`);

    await pageEval(page, `document.querySelector("alert-button").shadowRoot.querySelector("[part~='end-button']").click();`);
    await poll(page, `const b = document.querySelector("alert-button").shadowRoot.querySelector("[part~='confirm-end']"); if (b) b.click(); return !!b;`, "confirm end");
    await poll(page, `return ${state("alert-button")} === "ended";`, "button ended");

    const logged = (await executeServerCommand("alertrun:page-console", { id: page })) as string[];
    const violations = logged.filter((m) => /Content Security Policy|Trusted ?Type|TrustedHTML|TrustedScript/i.test(m));
    expect(violations, "CSP / Trusted Types violations").to.deep.equal([]);
    // The header really was in force: a plain string written to innerHTML is refused.
    const enforced = await pageEval<boolean>(page, `try { document.createElement("div").innerHTML = "<b></b>"; return false; } catch { return true; }`);
    expect(enforced, "Trusted Types enforced on the page").to.equal(true);
  });
});
