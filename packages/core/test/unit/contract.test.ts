// The contract's case table at core's level: the client refuses what the backend would refuse,
// before sending anything, with the contract's code and words (the backend's level is
// packages/backend/test/contract.test.ts, the elements' packages/elements/test/contract.test.ts).
import {
  CATEGORY_CASES,
  CHAT_TEXT_CASES,
  DISPLAY_NAME_CASES,
  END_REASON_CASES,
  SITE_CASES,
  VIEWER_ID_CASES,
} from "@alertrun/contract/cases";
import { categoryProblem, chatTextProblem, displayNameProblem, endReasonProblem, siteProblem, viewerIdProblem } from "@alertrun/contract";
import { afterEach, describe, expect, it } from "vitest";
import { AlertRunClient } from "../../src/client.js";
import { AlertRunError } from "../../src/errors.js";
import { validateMessage } from "../../src/util/validate-message.js";

type Call = { kind: string; name: string; args: unknown };

/**
 * A client whose backend records every call and answers only `answers` (nothing leaves the
 * process; other calls stay pending).
 */
function recordingClient(site = "demo", answers: Record<string, unknown> = {}) {
  const client = new AlertRunClient({ convexUrl: "http://127.0.0.1:9", site });
  const calls: Call[] = [];
  const never = () => new Promise<never>(() => undefined);
  const backend = (client as unknown as { backend: Record<string, unknown> }).backend;
  for (const kind of ["mutation", "action", "query"]) {
    backend[kind] = (name: string, args: unknown) => {
      calls.push({ kind, name, args });
      return name in answers ? Promise.resolve(answers[name]) : never();
    };
  }
  backend.watch = (name: string, args: unknown) => {
    calls.push({ kind: "watch", name, args });
    return { get: () => ({ status: "loading" }), subscribe: () => () => undefined, dispose: () => undefined };
  };
  clients.push(client);
  return { client, calls };
}
const clients: AlertRunClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

const quiet = { video: false, audio: false, location: false, record: false, direct: false } as const;

describe("category: startAlert refuses before alerts:start", () => {
  for (const c of CATEGORY_CASES) {
    it(`${c.valid ? "sends" : "refuses"} ${c.name}`, () => {
      const { client, calls } = recordingClient();
      const session = client.startAlert({ ...quiet, category: c.input });
      const starts = calls.filter((call) => call.name === "alerts:start");
      const problem = categoryProblem(c.input);
      if (c.valid) {
        expect(problem).toBeNull();
        expect(starts).toEqual([{ kind: "mutation", name: "alerts:start", args: expect.objectContaining({ category: c.input }) }]);
      } else {
        expect(starts).toEqual([]);
        expect(session.state.get()).toMatchObject({ name: "error", error: { code: problem?.code, message: problem?.message } });
      }
    });
  }
});

describe("end reason: a reason the backend would refuse still ends the alert", () => {
  for (const c of END_REASON_CASES) {
    it(`${c.valid ? "sends" : "replaces"} ${c.name}`, async () => {
      const { client, calls } = recordingClient("demo", { "alerts:start": { alertId: "a1", ownerKey: "k1" } });
      const session = client.startAlert(quiet);
      await new Promise((r) => setTimeout(r, 0));
      void session.end(c.input);
      await new Promise((r) => setTimeout(r, 50));
      const ends = calls.filter((call) => call.name === "alerts:end");
      expect(endReasonProblem(c.input) === null).toBe(c.valid);
      expect(ends).toEqual([
        { kind: "mutation", name: "alerts:end", args: { alertId: "a1", ownerKey: "k1", reason: c.valid ? c.input : "ended by reporter" } },
      ]);
    });
  }
});

describe("chat text: refused before messages:send", () => {
  for (const c of CHAT_TEXT_CASES) {
    it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, () => {
      const problem = chatTextProblem(c.input);
      if (c.valid) {
        expect(validateMessage(c.input)).toBe(c.input.trim());
      } else {
        const error = (() => {
          try {
            validateMessage(c.input);
          } catch (e) {
            return e;
          }
          return null;
        })();
        expect(error).toBeInstanceOf(AlertRunError);
        expect(error).toMatchObject({ code: problem?.code, message: problem?.message });
      }
    });
  }
});

describe("site: a malformed site is a configuration error, before any query", () => {
  for (const c of SITE_CASES) {
    it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, () => {
      const { client, calls } = recordingClient(c.input);
      const feed = client.activeAlerts();
      if (c.valid) {
        expect(client.configError).toBeNull();
        expect(calls.map((call) => call.name)).toEqual(["alerts:active"]);
      } else {
        expect(client.configError?.code).toBe("config/invalid-site");
        expect(client.configError?.message).toContain(siteProblem(c.input)?.message);
        expect(calls).toEqual([]);
        expect(feed.get()).toMatchObject({ status: "error", error: { code: "config/invalid-site" } });
      }
    });
  }
});

describe("display name and viewer id: watch refuses before any call", () => {
  const table = [
    ["displayName", DISPLAY_NAME_CASES, displayNameProblem],
    ["viewerId", VIEWER_ID_CASES, viewerIdProblem],
  ] as const;
  for (const [option, cases, rule] of table) {
    for (const c of cases) {
      it(`${option}: ${c.valid ? "accepts" : "refuses"} ${c.name}`, () => {
        const { client, calls } = recordingClient();
        const session = client.watch("some-alert", { [option]: c.input });
        const problem = rule(c.input);
        if (c.valid) {
          expect(session.state.get().name).not.toBe("error");
        } else {
          expect(session.state.get()).toMatchObject({ name: "error", error: { code: problem?.code, message: problem?.message } });
          expect(calls).toEqual([]);
        }
        session.close();
      });
    }
  }
});
