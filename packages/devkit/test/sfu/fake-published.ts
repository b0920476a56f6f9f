import { vi } from "vitest";
import { TrackInfo } from "@livekit/protocol";
import type { MediaStreamTrack, RTCRtpReceiver, RtpPacket } from "werift";
import { PublishedTrack } from "../../src/sfu/published-track.js";

/**
 * A published video track (one layer, ssrc 1234) whose werift receiver is faked: the boundary
 * these tests stand in for. `sendRtcpPLI` records the keyframe requests; `deliver` hands it a
 * packet as if the publisher sent one.
 */
export function fakePublishedVideo(rid?: string) {
  let listener: ((p: RtpPacket) => void) | undefined;
  const track = {
    rid,
    ssrc: 1234,
    onReceiveRtp: {
      subscribe: (cb: (p: RtpPacket) => void) => {
        listener = cb;
        return { unSubscribe: () => (listener = undefined) };
      },
    },
  };
  const sendRtcpPLI = vi.fn(async () => undefined);
  const published = new PublishedTrack(
    new TrackInfo({ sid: "TR_v" }),
    "PA_reporter",
    "reporter",
    "video",
    "video/VP8",
    90_000,
    { sendRtcpPLI } as unknown as RTCRtpReceiver,
    "0",
    [track as unknown as MediaStreamTrack],
  );
  const deliver = () => listener?.({ header: { ssrc: 1234 }, payload: Buffer.alloc(0) } as unknown as RtpPacket);
  return { published, sendRtcpPLI, deliver };
}
