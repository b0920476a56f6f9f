// Issue 13: the hold is used. While the button is held the camera opens and is published to a room
// reserved for this press; released early nothing remains; completed, the alert names that room.
// Real convex/browser, livekit-client and dev SFU; the SFU is asked what it holds.
import { expect } from "@open-wc/testing";
import type { AlertRunClient, AlertSession } from "../../src/index.js";
import { closeAll, eventually, newClient, rawConvex, sfuRooms, trackPageErrors, waitFor, MEDIA_WAIT_MS, SITE } from "./helpers.js";

type Rooms = Awaited<ReturnType<typeof sfuRooms>>;

/** Rooms that appeared since `before`, with a reporter publishing at least one track. */
function newPublishedRooms(before: Rooms, now: Rooms): string[] {
  const old = new Set(before.map((r) => r.name));
  return now.filter((r) => !old.has(r.name) && r.participants.some((p) => p.identity === "reporter" && p.tracks > 0)).map((r) => r.name);
}

describe("press and hold (issue 13)", function () {
  this.timeout(120_000);
  let client: AlertRunClient;
  let session: AlertSession | null = null;
  const pageErrors = trackPageErrors();
  // Every stream the page opens, and every recorder it makes, so the test can see them stop.
  const streams: MediaStream[] = [];
  let recorders = 0;
  const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  const RealRecorder = window.MediaRecorder;

  before(async () => {
    client = await newClient();
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await realGetUserMedia(constraints);
      streams.push(stream);
      return stream;
    };
    window.MediaRecorder = class extends RealRecorder {
      constructor(...args: ConstructorParameters<typeof MediaRecorder>) {
        super(...args);
        recorders++;
      }
    };
  });

  after(async () => {
    navigator.mediaDevices.getUserMedia = realGetUserMedia;
    window.MediaRecorder = RealRecorder;
    pageErrors.stop();
    await session?.end("test cleanup");
    closeAll();
  });

  it("released early: publishing had begun, then nothing remains (no alert, no track, camera off)", async () => {
    const convex = await rawConvex();
    const alertsBefore = (await convex.query("alerts:active" as never, { site: SITE } as never)) as unknown[];
    const before = await sfuRooms();
    streams.length = 0;
    recorders = 0;
    const hold = client.holdAlert({ location: false });
    // The hold is put to use: the camera reaches the media server before any alert exists.
    const [room] = await eventually(async () => {
      const rooms = newPublishedRooms(before, await sfuRooms());
      return rooms.length ? rooms : undefined;
    }, "the hold publishing to the SFU", MEDIA_WAIT_MS);
    expect(streams.length).to.equal(1);
    expect(streams[0]!.getTracks().every((t) => t.readyState === "live")).to.equal(true);

    hold.cancel();
    await eventually(
      async () => {
        const held = (await sfuRooms()).find((r) => r.name === room);
        return !held || held.participants.length === 0 ? true : undefined;
      },
      "the reporter to leave the reserved room",
      15_000,
    );
    // Camera light off: every captured track is stopped.
    await eventually(async () => (streams[0]!.getTracks().every((t) => t.readyState === "ended") ? true : undefined), "tracks stopped", 5_000);
    // No alert exists, and nothing was recorded.
    const alertsAfter = (await convex.query("alerts:active" as never, { site: SITE } as never)) as unknown[];
    expect(alertsAfter.length).to.equal(alertsBefore.length);
    expect(recorders).to.equal(0);
    // Cancelling twice, or after the fact, is harmless.
    hold.cancel();
    expect(pageErrors.errors).to.deep.equal([]);
  });

  it("completed: the alert adopts the room the hold already publishes to, with the same publisher", async () => {
    const before = await sfuRooms();
    streams.length = 0;
    const hold = client.holdAlert({ location: false });
    const [room] = await eventually(async () => {
      const rooms = newPublishedRooms(before, await sfuRooms());
      return rooms.length ? rooms : undefined;
    }, "the hold publishing to the SFU", MEDIA_WAIT_MS);

    session = hold.complete();
    await waitFor(session.state, (s) => s.name === "live" || s.name === "error", "live");
    expect(session.state.get().name, JSON.stringify(session.state.get())).to.equal("live");
    await waitFor(session.media, (m) => m.connection === "connected", "media connected", MEDIA_WAIT_MS);
    const alertId = session.alertId.get()!;

    // A viewer of the alert is sent to that very room.
    const convex = await rawConvex();
    const token = (await convex.action("media:viewToken" as never, { alertId, viewerId: "press-hold-test-viewer" } as never)) as { room: string };
    expect(token.room).to.equal(room);
    // Still one reporter in it (the hold's connection was kept, not replaced), and one camera opened.
    const held = (await sfuRooms()).find((r) => r.name === room);
    expect(held?.participants.filter((p) => p.identity === "reporter").length).to.equal(1);
    expect(streams.length).to.equal(1);
    // The backend knows the stream is live even though the media arrived before the alert.
    await eventually(
      async () => {
        const alert = (await convex.query("alerts:get" as never, { alertId } as never)) as { streamStatus: string } | null;
        return alert?.streamStatus === "live" ? true : undefined;
      },
      "streamStatus live",
      15_000,
    );

    await session.end("test done");
    await waitFor(session.state, (s) => s.name === "ended", "ended", 20_000);
    expect(streams[0]!.getTracks().every((t) => t.readyState === "ended")).to.equal(true);
    expect(pageErrors.errors).to.deep.equal([]);
  });
});
