// The trust model as the elements show it: what the reporter reads while the alert is being
// created, the newest reply always in view, a viewer refusing another site's alert, and actions
// shown only to callers the backend allows (sites:access).
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import type { AlertButton, AlertStreamViewer } from "../src/index.js";
import { SITE, command, endAlert, holdKeyFor, inner, nextEvent, signedInClient, stack, startLiveAlert, text, until, untilState } from "./helpers.js";

type Doc = { _id: string; [field: string]: unknown };

async function listDocs(table: string, where: Record<string, unknown>, ok: (docs: Doc[]) => boolean): Promise<Doc[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const docs = await command<Doc[]>("alertrun:db-list", { table, where });
    if (ok(docs)) return docs;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${table} ${JSON.stringify(where)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether the backend under test already has `sites:access` (the roles of issue 10). */
async function backendHasRoles(): Promise<boolean> {
  const { convexUrl } = await stack();
  const response = await fetch(`${convexUrl}/api/query`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ path: "sites:access", format: "convex_encoded_json", args: [{ site: SITE }] }),
  });
  const body = (await response.json().catch(() => ({}))) as { status?: string };
  return body.status === "success";
}

describe("trust: what the reporter sees", () => {
  afterEach(() => fixtureCleanup());

  it("says it is creating the alert (not sharing a location) until the backend has created it", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site=${SITE} hold="200" no-video no-audio></alert-button>`);
    await untilState(el, "idle");
    // Every rendered text while no alert id exists yet.
    const before: string[] = [];
    const observer = new MutationObserver(() => {
      if (!el.alertId && el.getAttribute("state") === "starting") before.push(text(el));
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    observer.observe(el, { attributes: true });
    await holdKeyFor(el, "Enter", 400);
    await untilState(el, "live", 30_000);
    observer.disconnect();
    expect(before.length, "renders while the alert was being created").to.be.greaterThan(0);
    expect(before.some((t) => t.includes("Creating alert…")), before.join(" | ")).to.equal(true);
    expect(before.filter((t) => /Sharing your location|Connecting…/.test(t)), "claims made before the alert existed").to.deep.equal([]);
    await endAlert(el);
  });

  it("keeps the newest chat message in view when many arrive", async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container, { "no-video": "", "no-audio": "" });
    const input = await until(() => inner<HTMLInputElement>(button, "[part~='chat-input']:not([disabled])"), "reporter chat");
    input.value = "first";
    inner<HTMLButtonElement>(button, "[part~='chat-send']")!.click();
    const [first] = await listDocs("messages", { alertId }, (docs) => docs.length >= 1);
    // A flood of stored messages (as other people's chat would arrive), then the real reply.
    for (let i = 0; i < 40; i++) {
      await command("alertrun:db-clone", { table: "messages", id: first!._id, patch: { author: "responder", displayName: "Someone", text: `noise ${i}`, sentAt: Date.now() } });
    }
    await command("alertrun:db-clone", { table: "messages", id: first!._id, patch: { author: "responder", displayName: "Officer Diaz", text: "Help is at the door", sentAt: Date.now() + 1 } });
    const log = inner<HTMLElement>(button, ".chat-log")!;
    await until(() => text(button).includes("Help is at the door"), "the reply rendered", 20_000);
    await until(() => {
      const newest = [...log.querySelectorAll(".chat-message")].pop()!;
      const a = newest.getBoundingClientRect();
      const b = log.getBoundingClientRect();
      return newest.textContent!.includes("Help is at the door") && a.bottom <= b.bottom + 1 && a.top >= b.top - 1;
    }, "the newest message visible in the log", 5_000);
    expect(log.scrollHeight, "the log overflows (the test means something)").to.be.greaterThan(log.clientHeight);
    await endAlert(button);
  });
});

describe("trust: what a viewer may see and do", () => {
  afterEach(() => fixtureCleanup());

  it("refuses an alert-id of another site with alert/wrong-site", async () => {
    const { convexUrl } = await stack();
    await command("alertrun:run-function", {
      path: "sites:upsert",
      args: { site: "other-campus", name: "Other Campus", audience: "public", allowAnonymous: true, retentionDays: 30 },
    });
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container, { site: "other-campus", "no-video": "", "no-audio": "" });

    const viewer = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    viewer.setAttribute("convex-url", convexUrl);
    viewer.setAttribute("site", SITE);
    viewer.setAttribute("alert-id", alertId);
    const error = nextEvent<CustomEvent<{ code: string }>>(viewer, "alert-error", 20_000);
    container.append(viewer);
    expect((await error).detail.code).to.equal("alert/wrong-site");
    await untilState(viewer, "error");
    expect(inner(viewer, "[part~='error']")!.textContent).to.contain("another site");
    expect(inner(viewer, "video"), "nothing of the other site's alert is shown").to.equal(null);
    await endAlert(button);
  });

  it("shows acknowledgements and the composer only when sites:access allows; labels viewer chat (needs the issue-10 backend)", async function () {
    if (!(await backendHasRoles())) this.skip();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const { button, alertId } = await startLiveAlert(container, { "no-video": "", "no-audio": "" });

    // An anonymous viewer: may watch; no acknowledgement buttons.
    const { convexUrl } = await stack();
    const anonymous = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    anonymous.setAttribute("convex-url", convexUrl);
    anonymous.setAttribute("site", SITE);
    anonymous.setAttribute("alert-id", alertId);
    container.append(anonymous);
    await until(() => inner(anonymous, "[part~='chat']"), "anonymous viewer's chat section");
    await until(() => !text(anonymous).includes("Checking what you can do"), "access known");
    expect(inner(anonymous, "[part~='ack-button']"), "no acknowledgements for a viewer").to.equal(null);

    // A signed-in responder: acknowledges and writes as a responder.
    const responder = document.createElement("alert-stream-viewer") as AlertStreamViewer;
    responder.client = await signedInClient("officer-diaz", "Officer Diaz", "responder");
    responder.setAttribute("alert-id", alertId);
    responder.setAttribute("display-name", "Officer Diaz");
    container.append(responder);
    const seen = await until(() => inner<HTMLButtonElement>(responder, "[part~='ack-button'][data-kind='seen']"), "responder's ack button");
    seen.click();
    await until(() => text(button).includes("1 responder has seen this"), "the responder's ack counted");
    const input = await until(() => inner<HTMLInputElement>(responder, "[part~='chat-input']"), "responder composer");
    input.value = "On my way";
    inner<HTMLButtonElement>(responder, "[part~='chat-send']")!.click();
    await until(() => text(button).includes("Officer Diaz: On my way"), "responder chat on the button");

    // A viewer's message (where the site lets viewers write) never reads as a responder's.
    const messages = await listDocs("messages", { alertId }, (docs) => docs.length >= 1);
    await command("alertrun:db-clone", { table: "messages", id: messages[0]!._id, patch: { author: "viewer", displayName: "Campus Police", text: "I am police", sentAt: Date.now() } });
    await until(() => text(button).includes("Campus Police (viewer): I am police"), "viewer chat labelled as a viewer");
    const viewerLine = [...button.shadowRoot!.querySelectorAll(".chat-message")].find((m) => m.textContent!.includes("I am police"))!;
    expect(viewerLine.getAttribute("data-author")).to.equal("viewer");
    await endAlert(button);
  });
});
