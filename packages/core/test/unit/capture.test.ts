import { describe, expect, it } from "vitest";
import { captureMedia } from "../../src/media/capture.js";

// getUserMedia is injected here to walk the fallback ladder; the real one runs in the browser tests.
const fakeStream = (kinds: string[]): MediaStream =>
  ({
    getTracks: () => kinds.map((kind) => ({ kind })),
    getVideoTracks: () => kinds.filter((k) => k === "video").map((kind) => ({ kind })),
    getAudioTracks: () => kinds.filter((k) => k === "audio").map((kind) => ({ kind })),
  }) as unknown as MediaStream;

function gum(allowed: { video: boolean | "missing"; audio: boolean | "missing" }) {
  const calls: string[] = [];
  const fn = async (c: MediaStreamConstraints): Promise<MediaStream> => {
    const wants = [c.video ? "video" : null, c.audio ? "audio" : null].filter((x): x is string => x !== null);
    calls.push(wants.join("+"));
    for (const kind of wants) {
      const a = allowed[kind as "video" | "audio"];
      if (a === "missing") throw new DOMException("no device", "NotFoundError");
      if (!a) throw new DOMException("denied", "NotAllowedError");
    }
    return fakeStream(wants);
  };
  return { fn, calls };
}

describe("captureMedia", () => {
  it("asks for camera and microphone together, with emergency constraints", async () => {
    let constraints: MediaStreamConstraints | undefined;
    const result = await captureMedia({ video: true, audio: true }, async (c) => {
      constraints = c;
      return fakeStream(["video", "audio"]);
    });
    expect(result.camera).toBe("on");
    expect(result.microphone).toBe("on");
    expect((constraints?.video as MediaTrackConstraints).facingMode).toEqual({ ideal: "environment" });
    const audio = constraints?.audio as MediaTrackConstraints;
    expect([audio.echoCancellation, audio.noiseSuppression, audio.autoGainControl]).toEqual([true, true, true]);
  });

  it("falls back to audio when the camera is denied", async () => {
    const { fn, calls } = gum({ video: false, audio: true });
    const result = await captureMedia({ video: true, audio: true }, fn);
    expect(calls).toEqual(["video+audio", "audio"]);
    expect(result.camera).toBe("denied");
    expect(result.microphone).toBe("on");
    expect(result.problems[0]?.code).toBe("media/permission-denied");
  });

  it("falls back to the camera alone when only the microphone is missing", async () => {
    const { fn } = gum({ video: true, audio: "missing" });
    const result = await captureMedia({ video: true, audio: true }, fn);
    expect(result.camera).toBe("on");
    expect(result.microphone).toBe("unavailable");
  });

  it("ends with no media (location-only) when everything fails, without rejecting", async () => {
    const { fn } = gum({ video: false, audio: false });
    const result = await captureMedia({ video: true, audio: true }, fn);
    expect(result.stream).toBeNull();
    expect([result.camera, result.microphone]).toEqual(["denied", "denied"]);
  });

  it("does not ask at all when media is off", async () => {
    const { fn, calls } = gum({ video: true, audio: true });
    const result = await captureMedia({ video: false, audio: false }, fn);
    expect(calls).toEqual([]);
    expect([result.camera, result.microphone]).toEqual(["off", "off"]);
  });
});
