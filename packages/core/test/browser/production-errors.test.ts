// Core's retry decisions against a backend that redacts errors as a production Convex deployment
// does ("[Request ID: …] Server Error"): a coded refusal stops at once with a clear state, an
// uncoded server failure stops after a bounded number of retries instead of looping forever (as
// matching "Uncaught" in the message did, which production never sends).
import { expect } from "@open-wc/testing";
import { ConvexConnection } from "../../src/backend/convex-connection.js";
import { AlertRunClient, AlertRunError } from "../../src/index.js";
import { retry } from "../../src/util/backoff.js";
import { prodBackendUrl, trackPageErrors, waitFor } from "./helpers.js";

describe("production error redaction", function () {
  this.timeout(60_000);
  const pageErrors = trackPageErrors();
  const closers: (() => void)[] = [];
  after(() => {
    pageErrors.stop();
    for (const close of closers) close();
  });

  it("a coded refusal stops the press at once with its code", async () => {
    const client = new AlertRunClient({ convexUrl: await prodBackendUrl(), site: "no-such-site" });
    closers.push(() => client.close());
    const session = client.startAlert({ video: false, audio: false, location: false });
    const state = await waitFor(session.state, (s) => s.name === "error" || s.name === "live", "refused");
    expect(state.name).to.equal("error");
    expect(session.lastError.get()?.code).to.equal("backend/site/not-found");
  });

  it("an uncoded server failure is retried a bounded number of times, then reported", async () => {
    const connection = new ConvexConnection(await prodBackendUrl());
    closers.push(() => connection.close());
    let attempts = 0;
    // A malformed argument fails the validator on the server: the message is redacted away.
    const error = await retry(
      () => {
        attempts++;
        return connection.mutation("alerts:start", { site: "demo", clientRequestId: 42 as unknown as string }); // deliberately ill-typed
      },
      { baseMs: 10, maxMs: 20 },
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AlertRunError);
    expect((error as AlertRunError).code).to.equal("backend/server-error");
    expect(String((error as AlertRunError).cause)).to.match(/Server Error/);
    expect(String((error as AlertRunError).cause)).not.to.match(/Uncaught|Validator/i);
    expect(attempts).to.equal(3);
    expect(pageErrors.errors.map(String)).to.deep.equal([]);
  });
});
