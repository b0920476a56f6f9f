import { MediaStream, type RTCPeerConnection, type RTCRtpTransceiver } from "werift";
import { DownTrack } from "./down-track.js";
import { TrackSettingsStore, type TrackSettings } from "./track-settings.js";
import type { Downstream } from "./downstream.js";
import type { PublishedTrack } from "./published-track.js";
import { onSrtpReady } from "./srtp-ready.js";

export interface SinglePeerCallbacks {
  /**
   * Asks the client for a new offer, adding this many receive-only sections first
   * (`MediaSectionsRequirement`; zero and zero still makes the client offer again).
   */
  requestSections(numAudios: number, numVideos: number): void;
  /** The client's data channel with this label, when it opened one. */
  channel(label: string): { readyState: string; send(data: Buffer): void } | undefined;
}

interface Entry {
  track: PublishedTrack;
  transceiver?: RTCRtpTransceiver;
  down?: DownTrack;
}

/**
 * The receiving half of a `/rtc/v1` participant. The client has one connection and always
 * offers; it pre-creates receive-only sections (3 audio, 3 video) and the SFU fills them in its
 * answers: a section bound to a track is answered `sendonly` with the msid
 * `<participant sid>|<track sid> <track sid>` and listed in the answer's `mid_to_track_id`.
 * When a track arrives between offers, or no free section of its kind is left, the SFU asks for
 * another offer with `MediaSectionsRequirement`, as livekit-server does.
 */
export class SinglePeerDownstream implements Downstream {
  private readonly entries = new Map<string, Entry>();
  private readonly settings = new TrackSettingsStore();
  /** Sections the client offered receive-only and that carry nothing yet, by mid. */
  private readonly bound = new Set<string>();
  private requested = false;
  /** Until the first offer is answered, tracks simply wait for it (it comes with the join). */
  private answered = false;
  private connected = false;
  private closed = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly cb: SinglePeerCallbacks,
  ) {
    // Forwarding (and the first keyframe request) starts with SRTP, not after the data channels.
    onSrtpReady(pc, () => {
      this.connected = true;
      for (const e of this.entries.values()) e.down?.activate();
    });
  }

  addTrack(track: PublishedTrack): void {
    if (this.closed || this.entries.has(track.sid)) return;
    this.entries.set(track.sid, { track });
    this.requestOffer();
  }

  removeTrack(trackSid: string): void {
    const entry = this.entries.get(trackSid);
    if (!entry) return;
    this.entries.delete(trackSid);
    // The section goes inactive at the next answer and stays bound (its msid named the old
    // track; reusing it would make the client see that stream change), so a later track gets a
    // fresh section instead.
    entry.down?.close();
    if (entry.transceiver) entry.transceiver.direction = "inactive";
  }

  downTrack(trackSid: string): DownTrack | undefined {
    return this.entries.get(trackSid)?.down;
  }

  wantedQuality(track: PublishedTrack): number | undefined {
    if (!this.entries.has(track.sid)) return undefined;
    return this.settings.wantedQuality(track.sid, track.info.layers);
  }

  updateSettings(trackSid: string, change: Partial<TrackSettings>): void {
    this.settings.update(trackSid, change, this.downTrack(trackSid));
  }

  sendData(label: string, data: Buffer): void {
    const channel = this.cb.channel(label === "_lossy" ? "_lossy" : "_reliable");
    if (channel?.readyState === "open") channel.send(data);
  }

  /**
   * Called between applying a client offer and answering it: binds waiting tracks to free
   * receive-only sections and fixes every bound section's codec to its track's. Returns the
   * answer's `mid_to_track_id`.
   */
  prepareAnswer(): Record<string, string> {
    this.requested = false;
    this.answered = true;
    const transceivers = this.pc.getTransceivers();
    const free = transceivers.filter(
      (t) => t.mid !== null && t.offerDirection === "sendonly" && !this.bound.has(t.mid) && !t.stopped,
    );
    const missing = { audio: 0, video: 0 };
    for (const entry of this.entries.values()) {
      if (entry.transceiver) continue;
      const mime = entry.track.mimeType.toLowerCase();
      const index = free.findIndex((t) => t.kind === entry.track.kind && t.codecs.some((c) => c.mimeType.toLowerCase() === mime));
      if (index < 0) {
        // More sections only help when none of the kind is free; a free one that cannot carry
        // the codec would not change with more of the same.
        if (!free.some((t) => t.kind === entry.track.kind)) missing[entry.track.kind]++;
        continue;
      }
      const [transceiver] = free.splice(index, 1);
      this.bind(entry, transceiver!);
    }
    const midToTrackId: Record<string, string> = {};
    for (const [sid, entry] of this.entries) {
      const t = entry.transceiver;
      if (!t?.mid) continue;
      midToTrackId[t.mid] = sid;
      // Every offer renegotiates the section's codecs (the client lists all it can decode):
      // answer only the track's own, so the payload type the sender stamps matches the payload.
      const mime = entry.track.mimeType.toLowerCase();
      const codecs = t.codecs.filter((c) => c.mimeType.toLowerCase() === mime);
      if (codecs.length > 0) t.codecs = codecs;
      t.sender.prepareSend({
        codecs: t.codecs,
        muxId: t.mid,
        headerExtensions: t.headerExtensions,
        rtcp: { cname: (t.sender as unknown as { cname?: string }).cname, ssrc: t.sender.ssrc, mux: true },
      });
    }
    if (missing.audio > 0 || missing.video > 0) {
      // Asked once the answer is out, so the client's next offer follows this one.
      queueMicrotask(() => this.requestOffer(missing.audio, missing.video));
    }
    return midToTrackId;
  }

  private bind(entry: Entry, transceiver: RTCRtpTransceiver): void {
    const { track } = entry;
    this.bound.add(transceiver.mid!);
    transceiver.direction = "sendonly";
    // The client maps `<participant sid>|<track sid>` stream ids to participant and track.
    transceiver.sender.setStreams([new MediaStream({ id: `${track.participantSid}|${track.sid}` })]);
    (transceiver.sender as { trackId: string }).trackId = track.sid;
    entry.transceiver = transceiver;
    entry.down = new DownTrack(track, transceiver.sender);
    this.settings.applyTo(track.sid, entry.down);
    if (this.connected) entry.down.activate();
  }

  /** Tracks that wait for a section: ask for an offer (once until it comes). */
  private requestOffer(numAudios = 0, numVideos = 0): void {
    if (this.closed || !this.answered || (this.requested && numAudios === 0 && numVideos === 0)) return;
    const waiting = [...this.entries.values()].filter((e) => !e.transceiver);
    if (waiting.length === 0) return;
    this.requested = true;
    this.cb.requestSections(numAudios, numVideos);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.entries.values()) e.down?.close();
    this.entries.clear();
  }
}
