import { afterEach, describe, expect, it, vi } from "vitest";
import { fakePublishedVideo } from "./fake-published.js";

// Keyframe requests (PLI) to a publisher are throttled to one per 100 ms per layer. The werift
// receiver is the boundary faked here; the media tests run the whole path with real browsers.
afterEach(() => vi.useRealTimers());

const videoTrack = () => fakePublishedVideo("q");

describe("keyframe requests to the publisher", () => {
  it("defers a request made inside the throttle interval instead of dropping it", async () => {
    vi.useFakeTimers();
    const { published, sendRtcpPLI } = videoTrack();
    published.requestKeyframe("q"); // a subscriber's DTLS came up
    expect(sendRtcpPLI).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30);
    published.requestKeyframe("q"); // 30 ms later: its video resumed (adaptive stream)
    published.requestKeyframe("q"); // and another subscriber asked too: still one request
    expect(sendRtcpPLI).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(70);
    expect(sendRtcpPLI).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sendRtcpPLI).toHaveBeenCalledTimes(2);
    published.close();
  });

  it("sends nothing deferred after the track closed", async () => {
    vi.useFakeTimers();
    const { published, sendRtcpPLI } = videoTrack();
    published.requestKeyframe("q");
    published.requestKeyframe("q");
    published.close();
    await vi.advanceTimersByTimeAsync(500);
    expect(sendRtcpPLI).toHaveBeenCalledTimes(1);
  });
});
