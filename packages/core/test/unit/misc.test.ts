import { describe, expect, it } from "vitest";
import { pickMimeType } from "../../src/broadcast/segment-recorder.js";
import { refreshDelayMs, expiryMs } from "../../src/media/token-refresher.js";
import { validateMessage } from "../../src/util/validate-message.js";
import { persistentViewerId } from "../../src/viewer/viewer-id.js";
import { boundary } from "../../src/util/boundary.js";
import { writable } from "../../src/util/store.js";
import { AlertRunError } from "../../src/errors.js";

describe("token refresh timing", () => {
  const token = (expiresAt: number) => ({ url: "ws://x", token: "t", room: "r", identity: "i", expiresAt });
  it("refreshes at 75 % of the remaining lifetime, never sooner than 5 s", () => {
    const now = 1_800_000_000_000;
    expect(refreshDelayMs(token(now + 600_000), now)).toBe(450_000);
    expect(refreshDelayMs(token(now + 1_000), now)).toBe(5_000);
  });
  it("accepts expiry in seconds", () => {
    expect(expiryMs(token(1_700_000_000))).toBe(1_700_000_000_000);
    expect(expiryMs(token(1_700_000_000_000))).toBe(1_700_000_000_000);
  });
});

describe("pickMimeType", () => {
  it("prefers webm/vp8+opus for video and opus for audio-only", () => {
    const all = () => true;
    expect(pickMimeType(true, all)).toBe("video/webm;codecs=vp8,opus");
    expect(pickMimeType(false, all)).toBe("audio/webm;codecs=opus");
    expect(pickMimeType(true, (t) => t === "video/mp4")).toBe("video/mp4");
    expect(pickMimeType(true, () => false)).toBe("");
  });
});

describe("validateMessage", () => {
  it("trims and rejects empty or oversized text", () => {
    expect(validateMessage("  help  ")).toBe("help");
    expect(() => validateMessage("   ")).toThrow(AlertRunError);
    expect(() => validateMessage("x".repeat(501))).toThrowError(/1-500 characters/);
    try {
      validateMessage("");
    } catch (e) {
      expect((e as AlertRunError).code).toBe("chat/invalid-message");
    }
  });
});

describe("persistentViewerId", () => {
  it("persists one id per browser", () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const first = persistentViewerId(storage);
    expect(persistentViewerId(storage)).toBe(first);
    expect(first).toMatch(/^v_[A-Za-z0-9_-]{22}$/);
  });
  it("falls back to a random id when storage throws", () => {
    const storage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => undefined,
    };
    expect(persistentViewerId(storage)).not.toBe(persistentViewerId(storage));
  });
});

describe("boundary", () => {
  it("rejects for awaiting callers with an AlertRunError, and records it", async () => {
    const lastError = writable<AlertRunError | null>(null);
    await expect(boundary(async () => Promise.reject(Object.assign(new Error("x"), { data: { code: "alert/ended", message: "ended" } })), lastError)).rejects.toMatchObject({
      code: "alert/ended",
    });
    expect(lastError.get()?.code).toBe("alert/ended");
  });

  it("causes no unhandled rejection for fire-and-forget callers", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const lastError = writable<AlertRunError | null>(null);
    void boundary(() => {
      throw new Error("sync throw");
    }, lastError);
    await new Promise((r) => setTimeout(r, 20));
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled).toEqual([]);
    expect(lastError.get()?.message).toBe("sync throw");
  });
});
