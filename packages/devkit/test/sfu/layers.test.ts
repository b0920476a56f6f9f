import { describe, expect, it } from "vitest";
import { RtpHeader, RtpPacket } from "werift";
import { isKeyframe } from "../../src/sfu/keyframe.js";
import { LayerSelector, layerForSettings, type LayerSource } from "../../src/sfu/layers.js";
import { RtpMunger } from "../../src/sfu/munger.js";

function source(flowing: Set<string>): LayerSource {
  return { layerOrder: ["q", "h", "f"], isFlowing: (l) => flowing.has(l) };
}

describe("layer selection", () => {
  it("starts on the lowest flowing layer, moves up only at a keyframe, and down when its layer stops", () => {
    const flowing = new Set(["q"]);
    const s = new LayerSelector(source(flowing));
    expect(s.update(0)).toBe("q");
    expect(s.accept("q", false)).toBe("drop"); // no picture before a keyframe
    expect(s.accept("q", true)).toBe("switch");
    expect(s.accept("q", false)).toBe("forward");

    flowing.add("h");
    flowing.add("f");
    expect(s.update(1)).toBe("f");
    expect(s.accept("f", false)).toBe("drop");
    expect(s.accept("q", false)).toBe("forward"); // keeps the old layer until f's keyframe
    expect(s.accept("f", true)).toBe("switch");
    expect(s.accept("q", false)).toBe("drop");

    flowing.delete("f");
    expect(s.update(2)).toBe("h");
    expect(s.accept("h", true)).toBe("switch");
    expect(s.current).toBe("h");
  });
});

describe("subscriber settings", () => {
  it("caps the forwarded layer at what the subscriber asked for, and moves down to the cap at a keyframe", () => {
    const flowing = new Set(["q", "h", "f"]);
    const s = new LayerSelector(source(flowing));
    expect(s.update(0)).toBe("q");
    s.accept("q", true);
    expect(s.update(1)).toBe("f");
    s.accept("f", true);
    s.maxLayer = "h";
    expect(s.update(2)).toBe("h");
    expect(s.accept("f", false)).toBe("forward"); // until h's keyframe
    expect(s.accept("h", true)).toBe("switch");
    expect(s.update(3)).toBeUndefined();
    // A cap below every flowing layer falls back to the lowest flowing one.
    flowing.delete("q");
    s.maxLayer = "q";
    expect(s.update(4)).toBeUndefined(); // h is the lowest still flowing
    // After a pause, forwarding restarts at a keyframe.
    s.reset();
    expect(s.accept("h", false)).toBe("drop");
  });

  it("maps an element size or a quality to a simulcast layer, as LiveKit does", () => {
    const layers = [
      { rid: "q", quality: 0, width: 320, height: 180 },
      { rid: "h", quality: 1, width: 640, height: 360 },
      { rid: "f", quality: 2, width: 1280, height: 720 },
    ];
    expect(layerForSettings(layers, 2, 300, 170)).toBe("q");
    expect(layerForSettings(layers, 2, 321, 100)).toBe("h");
    expect(layerForSettings(layers, 2, 1920, 1080)).toBe("f");
    expect(layerForSettings(layers, 0, 0, 0)).toBe("q");
    expect(layerForSettings(layers, 1, 0, 0)).toBe("h");
    // Layers the client announced without rids are named by quality.
    expect(layerForSettings([{ rid: "", quality: 1, width: 640, height: 360 }], 2, 100, 100)).toBe("h");
  });
});

describe("keyframe detection", () => {
  it("reads VP8 and H.264 payloads", () => {
    // VP8: X=1 S=1 PID=0, I=1 with a 15-bit picture id, then a key frame header (P bit 0).
    expect(isKeyframe("video/VP8", Buffer.from([0x90, 0x80, 0x80, 0x01, 0x10]))).toBe(true);
    expect(isKeyframe("video/VP8", Buffer.from([0x90, 0x80, 0x80, 0x01, 0x11]))).toBe(false);
    expect(isKeyframe("video/VP8", Buffer.from([0x80, 0x80, 0x80, 0x01, 0x10]))).toBe(false); // not a start
    expect(isKeyframe("video/H264", Buffer.from([0x65, 0x00]))).toBe(true); // IDR
    expect(isKeyframe("video/H264", Buffer.from([0x41, 0x00]))).toBe(false);
    expect(isKeyframe("video/H264", Buffer.from([0x18, 0x00, 0x02, 0x67, 0x42]))).toBe(true); // STAP-A with SPS
    expect(isKeyframe("video/H264", Buffer.from([0x7c, 0x85]))).toBe(true); // FU-A start of an IDR
    expect(isKeyframe("video/H264", Buffer.from([0x7c, 0x05]))).toBe(false); // FU-A continuation
  });
});

describe("RTP munging", () => {
  const packet = (seq: number, ts: number) => new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: ts, ssrc: 1 }), Buffer.from([1]));

  it("keeps sequence numbers and timestamps continuous across a source switch", () => {
    const m = new RtpMunger(90000);
    expect(m.rewrite(packet(100, 5000), 0).header.sequenceNumber).toBe(100);
    const last = m.rewrite(packet(101, 8000), 0);
    const next = packet(40000, 123456);
    m.rebase(next, 33);
    const out = m.rewrite(next, 33);
    expect(out.header.sequenceNumber).toBe(102);
    expect(out.header.timestamp).toBe(last.header.timestamp + 33 * 90);
    expect(out.header.extensions).toEqual([]);
    expect(next.header.sequenceNumber).toBe(40000); // the shared packet is left alone
  });
});
