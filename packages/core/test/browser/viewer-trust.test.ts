// The viewer's side of the trust model (issue 10): another site's alert is refused, and the
// session reports what the caller may do on the site (`sites:access`).
import { expect } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { AlertRunClient } from "../../src/index.js";
import { SITE, closeAll, newClient, stack, waitFor } from "./helpers.js";

async function clientFor(site: string, auth?: () => Promise<string | null>): Promise<AlertRunClient> {
  const { convexUrl } = await stack();
  return new AlertRunClient({ convexUrl, site, ...(auth ? { auth } : {}) });
}

async function devToken(subject: string, role?: string): Promise<string> {
  const { convexUrl } = await stack();
  const response = await fetch(`${convexUrl}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, name: subject, ...(role ? { role } : {}) }),
  });
  return ((await response.json()) as { token: string }).token;
}

describe("viewer session: trust", function () {
  this.timeout(60_000);
  after(() => closeAll());

  it("refuses an alert of another site with alert/wrong-site and shows nothing of it", async () => {
    await executeServerCommand("alertrun:run-function", {
      path: "sites:upsert",
      args: { site: "elsewhere", name: "Elsewhere", audience: "public", allowAnonymous: true, retentionDays: 30 },
    });
    const elsewhere = await clientFor("elsewhere");
    const alert = elsewhere.startAlert({ video: false, audio: false, location: false, category: "medical" });
    await waitFor(alert.state, (s) => s.name === "live", "the other site's alert live");
    await alert.sendMessage("only for elsewhere");

    const demo = await newClient();
    const viewer = demo.watch(alert.alertId.get()!);
    const state = await waitFor(viewer.state, (s) => s.name === "error", "the viewer refusing");
    expect(state.error?.code).to.equal("alert/wrong-site");
    expect(viewer.alert.get()).to.equal(null);
    expect(viewer.messages.get()).to.deep.equal([]);
    viewer.close();
    await alert.end("done");
    elsewhere.close();
  });

  it("reports the caller's access: a viewer may not acknowledge, a signed-in responder may", async () => {
    const anonymous = (await newClient()).watch("latest");
    const access = await waitFor(anonymous.access, (a) => a !== null, "access known");
    const { convexUrl } = await stack();
    const probe = await fetch(`${convexUrl}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "sites:access", format: "convex_encoded_json", args: [{ site: SITE }] }),
    });
    const hasRoles = ((await probe.json()) as { status?: string }).status === "success";
    if (!hasRoles) {
      // A backend from before sites:access let everyone do everything: core says so.
      expect(access).to.deep.equal({ role: "responder", canWatch: true, canChat: true, canAcknowledge: true });
      anonymous.close();
      return;
    }
    expect(access!.role).to.equal("viewer");
    expect(access!.canAcknowledge).to.equal(false);
    const token = await devToken("officer-core", "responder");
    const responder = (await clientFor(SITE, async () => token)).watch("latest");
    const granted = await waitFor(responder.access, (a) => a?.role === "responder", "responder access");
    expect(granted!.canAcknowledge).to.equal(true);
    expect(granted!.canChat).to.equal(true);
    responder.close();
    anonymous.close();
  });
});
