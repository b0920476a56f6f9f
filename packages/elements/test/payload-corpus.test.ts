// Data never becomes markup. Hostile strings are stored in the real dev backend (its database,
// as `npx convex run` would: some are refused by the public functions) in every field that
// reaches a screen, and shown by all five elements; every marker is hovered and every choice
// clicked. No payload may run a script or create an element.
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { resetMouse, sendMouse } from "@web/test-runner-commands";
import type { AlertMap, AlertStreamViewer } from "../src/index.js";
import { PAYLOADS, scanForInjected } from "./payload-corpus.mjs";
import { SITE, command, inner, stack, startLiveAlert, text, until, untilState } from "./helpers.js";

type Doc = { _id: string; [field: string]: unknown };

/** Per-alert fields a copy must not share (whichever the backend's schema has). */
const UNIQUE_FIELDS = ["clientRequestId", "requestHash", "room"];

describe("payload corpus: data is text in every element", () => {
  const created: string[] = [];
  let site: Doc | undefined;

  after(async () => {
    // Leave the shared stack as other test files expect it: no extra active alerts, the demo name.
    for (const id of created) await command("alertrun:db-patch", { id, patch: { status: "ended", endedAt: Date.now(), streamStatus: "ended" } });
    if (site) await command("alertrun:db-patch", { id: site._id, patch: { name: site["name"] } });
    fixtureCleanup();
    await resetMouse();
  });

  it("stores markup in every field; nothing runs and no element is created", async () => {
    const { convexUrl } = await stack();
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(String(e.message));
    window.addEventListener("error", onError);
    const container = await fixture<HTMLDivElement>(html`<div style="width: 700px; --alertrun-map-height: 520px"></div>`);

    // A real alert from a real press; its reporter writes once (the template for stored messages).
    const { button, alertId } = await startLiveAlert(container, { "no-video": "", "no-audio": "" });
    const input = await until(() => inner<HTMLInputElement>(button, "[part~='chat-input']:not([disabled])"), "reporter chat");
    input.value = "I am by the library";
    inner<HTMLButtonElement>(button, "[part~='chat-send']")!.click();
    const messages = await pollList("messages", { alertId }, (docs) => docs.length >= 1);
    const alert = (await pollList("alerts", { _id: alertId }, (docs) => docs.length === 1))[0]!;
    const location = alert["location"] as { lat: number; lng: number };

    // One alert per payload (category), a little apart so every marker can be hovered.
    for (const [i, payload] of PAYLOADS.entries()) {
      const id = await command<string>("alertrun:db-clone", {
        table: "alerts",
        id: alertId,
        uniquify: UNIQUE_FIELDS,
        patch: { category: payload, location: { ...location, lat: location.lat + (i + 1) * 0.0004 } },
      });
      created.push(id);
    }
    // The button's own alert shows a payload category too, and stored messages with payload
    // names and text from both kinds of author.
    await command("alertrun:db-patch", { id: alertId, patch: { category: PAYLOADS[1] } });
    for (const payload of PAYLOADS) {
      for (const author of ["responder", "reporter"]) {
        await command("alertrun:db-clone", { table: "messages", id: messages[0]!._id, patch: { author, displayName: payload, text: payload, sentAt: Date.now() } });
      }
    }
    // An ended alert whose end reason is every payload; the site's name is one too.
    const ended = await command<string>("alertrun:db-clone", {
      table: "alerts",
      id: alertId,
      patch: { status: "ended", endedAt: Date.now(), streamStatus: "ended", endReason: PAYLOADS.join(" ") },
      uniquify: UNIQUE_FIELDS,
    });
    site = (await pollList("sites", { slug: SITE }, (docs) => docs.length === 1))[0]!;
    await command("alertrun:db-patch", { id: site._id, patch: { name: PAYLOADS[2] } });

    const provider = document.createElement("alert-provider");
    provider.setAttribute("convex-url", convexUrl);
    provider.setAttribute("site", SITE);
    const map = document.createElement("alert-map") as AlertMap;
    map.setAttribute("tile-url", "none");
    const feed = document.createElement("alert-feed");
    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.setAttribute("alert-id", alertId);
    // The host's own display name for this viewer is short (the backend caps it at 40).
    viewer.setAttribute("display-name", `<i pwnmark onclick="alert(1)">x</i>`);
    const endedViewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    endedViewer.setAttribute("alert-id", ended);
    provider.append(map, feed, viewer, endedViewer);
    container.prepend(provider);

    await untilState(map, "ready");
    await untilState(feed, "ready");
    await untilState(endedViewer, "ended");
    const total = PAYLOADS.length + 1;
    await until(() => map.shadowRoot!.querySelectorAll("[part~='item']").length >= total, "every alert in the map's list", 30_000);
    await until(() => feed.shadowRoot!.querySelectorAll("[part~='item']").length >= total, "every alert in the feed", 30_000);
    await until(() => viewer.shadowRoot!.querySelectorAll(".chat-message").length >= PAYLOADS.length * 2, "stored messages in the viewer", 30_000);
    await until(() => button.shadowRoot!.querySelectorAll(".chat-message").length >= PAYLOADS.length * 2, "stored messages on the button", 30_000);

    // Shown literally, as text.
    // (Category labels turn "-" and "_" into spaces and are shortened; the rest is verbatim.)
    expect(text(feed)).to.contain("<script pwnmark>");
    expect(text(viewer)).to.contain('<img pwnmark src=x onerror="window.pwnCount');
    expect(text(button)).to.contain("<details pwnmark open");
    expect(text(endedViewer)).to.contain("<iframe pwnmark");

    // Hover every marker (Leaflet shows its tooltip) and click it.
    const markers = await until(() => {
      const paths = [...map.shadowRoot!.querySelectorAll<SVGPathElement>(".leaflet-overlay-pane path.leaflet-interactive")];
      return paths.length >= total ? paths : null;
    }, "a marker per alert");
    map.scrollIntoView();
    // Scanned after every step: Leaflet removes a closed tooltip, and with it the evidence.
    const injected = new Set<string>();
    let ran = 0;
    const check = () => {
      const scan = scanForInjected();
      for (const f of scan.found) injected.add(f);
      ran = Math.max(ran, scan.pwned);
    };
    let tooltips = 0;
    for (const marker of markers) {
      const box = marker.getBoundingClientRect();
      const at: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
      await sendMouse({ type: "move", position: at });
      const tip = await until(() => inner(map, ".leaflet-tooltip"), "a tooltip", 3_000).catch(() => null);
      check();
      if (tip && (tip.textContent ?? "").includes("pwnmark")) tooltips++;
      await sendMouse({ type: "click", position: at });
      await sendMouse({ type: "move", position: [0, 0] });
    }

    // Click every choice in the map's list, the feed and the viewer.
    for (const el of [map, feed, viewer, endedViewer, button]) {
      for (const b of el.shadowRoot!.querySelectorAll<HTMLButtonElement>("button[part~='item'], button[part~='ack-button'], button[part~='zoom-button']")) {
        b.click();
      }
    }
    await new Promise((r) => setTimeout(r, 500));

    check();
    window.removeEventListener("error", onError);
    expect([...injected], "elements created from payloads").to.deep.equal([]);
    expect(ran, "payload scripts that ran").to.equal(0);
    expect(errors).to.deep.equal([]);
    expect(tooltips, "tooltips showing the payload as text").to.be.greaterThan(0);
  });
});

async function pollList(table: string, where: Record<string, unknown>, ok: (docs: Doc[]) => boolean): Promise<Doc[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const docs = await command<Doc[]>("alertrun:db-list", { table, where });
    if (ok(docs)) return docs;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${table} ${JSON.stringify(where)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
