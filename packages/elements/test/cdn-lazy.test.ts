// The CDN entry defines <alert-provider> and <alert-button> at once and the other elements from
// their own chunks (`@alertrun/elements/lazy`): when their tag appears, when `loadElement` asks,
// or once the page is idle. Pages whose only script is the built dist/cdn/alertrun.js.
import { expect } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { SITE, pageEval, stack } from "./helpers.js";

const CDN = "/__alertrun/cdn/alertrun.js";

/** Opens a page with the CDN entry; requests to URLs containing a `block` entry fail. */
async function open(body: string, block: string[] = []): Promise<number> {
  return (await executeServerCommand("alertrun:page-open", {
    html:
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN lazy test</title>` +
      `<script type="module" src="${CDN}"></script></head><body>${body}</body></html>`,
    block,
  })) as number;
}

async function poll<T>(id: number, body: string, label: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await pageEval<T>(id, body);
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${label} (last: ${JSON.stringify(last)})`);
}

describe("the CDN entry's on-demand elements", () => {
  const opened: number[] = [];
  after(async () => {
    for (const id of opened) await executeServerCommand("alertrun:page-close", { id });
  });

  it("defines the button with the entry and a feed added later from its chunk, in English", async () => {
    const { convexUrl } = await stack();
    const id = await open(`<alert-button convex-url="${convexUrl}" site="${SITE}"></alert-button>`);
    opened.push(id);
    // The entry has run once the module script has: the button is defined by it, not later.
    await poll(id, `return document.readyState === "complete";`, "page loaded");
    const entry = await pageEval<{ button: boolean; provider: boolean; exports: string[] }>(
      id,
      `const m = await import(${JSON.stringify(CDN)});
       return { button: m.AlertButton === customElements.get("alert-button"), provider: m.AlertProvider === customElements.get("alert-provider"), exports: Object.keys(m) };`,
    );
    expect(entry.button).to.equal(true);
    expect(entry.provider).to.equal(true);
    expect(entry.exports).to.include("loadElement");
    // The lazy classes are reached through the registry (or loadElement), not as entry exports.
    expect(entry.exports).to.not.include("AlertFeed");

    // A feed added to the document upgrades, renders its English heading and reports its state.
    await pageEval(id, `const d = document.createElement("div"); d.innerHTML = '<alert-feed convex-url="${convexUrl}" site="${SITE}"></alert-feed>'; document.body.append(d);`);
    const heading = await poll<string>(
      id,
      `const f = document.querySelector("alert-feed");
       return customElements.get("alert-feed") && f.getAttribute("state") && f.shadowRoot?.querySelector("[part~='heading']")?.textContent;`,
      "the feed upgraded",
    );
    expect(heading).to.equal("Active alerts");
    const same = await pageEval<boolean>(id, `return (await customElements.whenDefined("alert-feed")) === customElements.get("alert-feed");`);
    expect(same).to.equal(true);
    const chunks = await pageEval<string[]>(id, `return performance.getEntriesByType("resource").map((e) => e.name.split("/").pop());`);
    expect(chunks.some((n) => /^alert-feed-.*\.js$/.test(n)), chunks.join(", ")).to.equal(true);
  });

  it("loadElement resolves with the registered class", async () => {
    const id = await open(`<p>no elements yet</p>`);
    opened.push(id);
    const ok = await pageEval<boolean>(
      id,
      `const m = await import(${JSON.stringify(CDN)});
       const Map = await m.loadElement("alert-map");
       const Viewer = await m.loadElement("alert-stream-viewer");
       return Map === customElements.get("alert-map") && Viewer === customElements.get("alert-stream-viewer") && (await m.loadElement("alert-map")) === Map;`,
    );
    expect(ok).to.equal(true);
  });

  it("a press works when the button's live view chunk cannot be fetched: the pending panel stands in", async () => {
    const { convexUrl } = await stack();
    // A site of its own, so this alert never shows up in other tests' lists.
    await executeServerCommand("alertrun:run-function", {
      path: "sites:upsert",
      args: { site: "cdn-no-views", name: "No views", audience: "public", allowAnonymous: true, retentionDays: 30 },
    });
    const id = await open(`<alert-button convex-url="${convexUrl}" site="cdn-no-views" hold="0" no-video no-audio></alert-button>`, ["/chunks/post-press-views-"]);
    opened.push(id);
    await poll(id, `return document.querySelector("alert-button")?.getAttribute("state") === "idle";`, "idle button");
    await pageEval(
      id,
      `const b = document.querySelector("alert-button");
       window.__events = [];
       for (const n of ["alert-started", "alert-live"]) b.addEventListener(n, (e) => window.__events.push(n));
       b.shadowRoot.querySelector("[part~='button']").dispatchEvent(new PointerEvent("pointerdown", { pointerType: "mouse", button: 0, bubbles: true }));`,
    );
    // The alert goes live as usual; the entry's own panel shows it.
    const badge = await poll<string>(
      id,
      `const b = document.querySelector("alert-button");
       return b.getAttribute("state") === "live" && b.shadowRoot.querySelector("[part~='panel'] [part~='badge']")?.textContent;`,
      "live, in the pending panel",
      30_000,
    );
    expect(badge).to.equal("LIVE");
    const page = await pageEval<{ events: string[]; liveView: boolean; loaded: string[] }>(
      id,
      `const b = document.querySelector("alert-button");
       return {
         events: window.__events,
         liveView: !!b.shadowRoot.querySelector("[part~='chat-input'], [part~='location']"),
         loaded: performance.getEntriesByType("resource").map((e) => e.name.split("/").pop()),
       };`,
    );
    expect(page.events).to.deep.equal(["alert-started", "alert-live"]);
    // The chunk was asked for (and refused): the live view never appeared.
    expect(page.loaded.some((n) => n.startsWith("post-press-views-") && n.endsWith(".js"))).to.equal(true);
    expect(page.liveView).to.equal(false);
    // The person can still end the alert from the stand-in panel, confirming first.
    await pageEval(id, `document.querySelector("alert-button").shadowRoot.querySelector("[part~='end-button']").click();`);
    await poll(id, `return !!document.querySelector("alert-button").shadowRoot.querySelector("[part~='confirm-end']");`, "the confirmation");
    await pageEval(id, `document.querySelector("alert-button").shadowRoot.querySelector("[part~='confirm-end']").click();`);
    await poll(id, `return document.querySelector("alert-button").getAttribute("state") === "ended";`, "the alert ended", 20_000);
  });
});
