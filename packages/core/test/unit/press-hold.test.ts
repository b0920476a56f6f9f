// Pure logic of the hold's token source (issue 13): the reserved room's token while the button is
// held, and, when the reservation is refused, the alert's own token once the alert exists. The
// browser suite (test/browser/press-hold.test.ts) covers the real stack.
import { describe, expect, it } from "vitest";
import type { ConvexConnection } from "../../src/backend/convex-connection.js";
import { PressHold } from "../../src/broadcast/press-hold.js";
import { AlertRunError } from "../../src/errors.js";
import type { MediaToken } from "../../src/types.js";

const token = (room: string): MediaToken => ({ url: "ws://127.0.0.1:1", token: "t", expiresAt: 0, room, identity: "reporter" }) as MediaToken;

function backend(reserve: () => Promise<MediaToken>) {
  const calls: { name: string; args: Record<string, unknown> }[] = [];
  const fake = {
    action: async (name: string, args: Record<string, unknown>) => {
      calls.push({ name, args });
      return name === "reservations:reserve" ? reserve() : token("alert-room");
    },
  };
  return { calls, connection: fake as unknown as ConvexConnection };
}

// The hold's token source, as its publisher calls it.
const fetchToken = (hold: PressHold): Promise<MediaToken> => (hold as unknown as { fetchToken(): Promise<MediaToken> }).fetchToken();

describe("PressHold token source", () => {
  it("asks for the room reserved for this press, with the press's clientRequestId", async () => {
    const { calls, connection } = backend(async () => token("reserved"));
    const hold = new PressHold(connection, "demo", { video: false, audio: false });
    expect((await fetchToken(hold)).room).toBe("reserved");
    expect(calls).toEqual([{ name: "reservations:reserve", args: { site: "demo", clientRequestId: hold.clientRequestId } }]);
    hold.cancel();
  });

  it("when the reservation is refused, waits for the alert and uses its publish token", async () => {
    const { calls, connection } = backend(() => Promise.reject(new AlertRunError("rate-limited", "full")));
    const hold = new PressHold(connection, "demo", { video: false, audio: false });
    const pending = fetchToken(hold);
    await new Promise((r) => setTimeout(r, 10));
    await hold.adopt({ alertId: "a1", ownerKey: "k1" }, () => undefined);
    expect((await pending).room).toBe("alert-room");
    expect(calls.map((c) => c.name)).toEqual(["reservations:reserve", "media:publishToken"]);
    expect(calls[1]?.args).toEqual({ alertId: "a1", ownerKey: "k1" });
  });

  it("released early, a refused reservation's wait ends instead of hanging", async () => {
    const { connection } = backend(() => Promise.reject(new AlertRunError("rate-limited", "full")));
    const hold = new PressHold(connection, "demo", { video: false, audio: false });
    const pending = fetchToken(hold);
    hold.cancel();
    await expect(pending).rejects.toThrow(/released/);
  });
});
