// The script-tag bundle, as an integrator uses it: pages whose only script is the built
// packages/alertrun/dist/cdn/alertrun.js (built by `pnpm test` before this runs), a reporter and
// a responder in two browser contexts (two "devices", each with its own fake camera).
import { expect } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { SITE, pageEval, stack } from "./helpers.js";

// packages/alertrun/dist/cdn/alertrun.js as built by `pnpm test` (see harness/cdn-plugin.mjs).
const CDN = "/__alertrun/cdn/alertrun.js";

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN test</title>` +
  `<script type="module" src="${CDN}"></script></head><body>${body}</body></html>`;

async function open(body: string): Promise<number> {
  return (await executeServerCommand("alertrun:page-open", { html: page(body) })) as number;
}

async function poll<T>(id: number, body: string, label: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await pageEval<T>(id, body);
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 250));
  }
  const state = await pageEval(id, `return [...document.querySelectorAll("*")].filter((e) => e.shadowRoot).map((e) => e.localName + "[" + e.getAttribute("state") + "]: " + e.shadowRoot.textContent.replace(/\\s+/g, " ").slice(0, 300)).join(" | ");`);
  throw new Error(`timed out waiting for ${label} (last: ${JSON.stringify(last)}; page: ${String(state)})`);
}

describe("the CDN bundle (dist/cdn/alertrun.js)", () => {
  const opened: number[] = [];
  after(async () => {
    for (const id of opened) await executeServerCommand("alertrun:page-close", { id });
  });

  it("registers every element and streams from a reporter page to a responder page", async () => {
    const { convexUrl } = await stack();
    const reporter = await open(
      `<alert-button convex-url="${convexUrl}" site="${SITE}" hold="300" category="medical"></alert-button>`,
    );
    opened.push(reporter);
    const tags = await poll<string[]>(
      reporter,
      `const tags = ["alert-provider","alert-button","alert-stream-viewer","alert-map","alert-feed"];
       return tags.every((t) => customElements.get(t)) && document.querySelector("alert-button").getAttribute("state") === "idle" ? tags : null;`,
      "elements registered and the button idle",
    );
    expect(tags).to.have.length(5);
    // Before any press, the heavy SDKs are not needed for the first render.
    const early = await pageEval<string[]>(reporter, `return performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("/chunks/"));`);
    expect(early.some((n) => n.includes("leaflet"))).to.equal(false);

    await executeServerCommand("alertrun:page-keys", { id: reporter, selector: "alert-button button.hold", key: "Enter", holdMs: 600 });
    await poll(reporter, `return document.querySelector("alert-button").getAttribute("state") === "live";`, "reporter live");
    const alertId = await pageEval<string>(reporter, `return document.querySelector("alert-button").alertId;`);
    expect(alertId).to.be.a("string");
    // `live` means the alert exists; the media SDK chunk arrives (lazily) to publish.
    await poll(
      reporter,
      `return performance.getEntriesByType("resource").some((e) => e.name.includes("/chunks/livekit-client"));`,
      "the livekit-client chunk loaded on demand",
    );

    // The responder page signs in as a responder (dev backend's /dev/token) through the
    // provider's `auth`, as the example dashboard does: only responders acknowledge.
    const responder = await open(
      `<alert-provider convex-url="${convexUrl}" site="${SITE}"><alert-stream-viewer alert-id="${alertId}"></alert-stream-viewer></alert-provider>`,
    );
    opened.push(responder);
    await pageEval(
      responder,
      `const r = await fetch(${JSON.stringify(convexUrl)} + "/dev/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ subject: "cdn-responder", name: "CDN Responder", role: "responder" }) });
       const { token } = await r.json();
       document.querySelector("alert-provider").auth = async () => token;`,
    );
    await poll(responder, `return document.querySelector("alert-stream-viewer").getAttribute("state") === "live";`, "responder live");
    await poll(
      responder,
      `const v = document.querySelector("alert-stream-viewer").shadowRoot.querySelector("video");
       return !!v && v.readyState >= 2 && v.videoWidth > 0 && !v.paused;`,
      "responder video playing",
    );

    // An acknowledgement from the responder reaches the reporter.
    await poll(responder, `const b = document.querySelector("alert-stream-viewer").shadowRoot.querySelector("[data-kind='seen']"); if (b) b.click(); return !!b;`, "responder ack button");
    await poll(
      reporter,
      `return document.querySelector("alert-button").shadowRoot.textContent.includes("1 responder has seen this");`,
      "ack on the reporter's button",
    );

    // End from the reporter; the responder sees it end.
    await pageEval(reporter, `document.querySelector("alert-button").shadowRoot.querySelector("[part~='end-button']").click();`);
    await poll(reporter, `const b = document.querySelector("alert-button").shadowRoot.querySelector("[part~='confirm-end']"); if (b) b.click(); return !!b;`, "confirm end");
    await poll(responder, `return document.querySelector("alert-stream-viewer").getAttribute("state") === "ended";`, "responder ended");
  });
});
