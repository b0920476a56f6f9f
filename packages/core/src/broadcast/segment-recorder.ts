import { devWarn } from "../util/dev.js";

export interface Segment {
  seq: number;
  blob: Blob;
  startedAt: number;
  durationMs: number;
  mimeType: string;
}

const VIDEO_TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp8", "video/webm", "video/mp4"];
const AUDIO_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4"];

/** The first container the browser can record for this stream, or "" to let it choose. */
export function pickMimeType(hasVideo: boolean, isSupported: (type: string) => boolean): string {
  for (const type of hasVideo ? VIDEO_TYPES : AUDIO_TYPES) if (isSupported(type)) return type;
  return "";
}

/**
 * Records a stream in short self-contained segments. A new MediaRecorder is started for each
 * segment (rather than `start(timeslice)`, whose later chunks lack the container header), so every
 * uploaded blob plays on its own and the evidence survives the loss of the phone at any moment.
 * The next recorder starts before the previous one stops, so no second is lost between segments.
 */
export class SegmentRecorder {
  private current: { recorder: MediaRecorder; startedAt: number; seq: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq: number;
  private running = false;
  private readonly pending = new Set<Promise<void>>();
  readonly mimeType: string;

  constructor(
    private readonly stream: MediaStream,
    private readonly segmentMs: number,
    private readonly onSegment: (segment: Segment) => void,
    /** The first segment's number: after a reload, numbering goes on where the last page stopped. */
    firstSeq = 0,
  ) {
    this.seq = firstSeq;
    const supported = typeof MediaRecorder !== "undefined" && typeof MediaRecorder.isTypeSupported === "function";
    this.mimeType = pickMimeType(stream.getVideoTracks().length > 0, (t) => supported && MediaRecorder.isTypeSupported(t));
  }

  static isAvailable(): boolean {
    return typeof MediaRecorder !== "undefined";
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.rotate();
  }

  private rotate(): void {
    const previous = this.current;
    this.current = null;
    if (this.running) {
      try {
        const recorder = new MediaRecorder(this.stream, this.mimeType ? { mimeType: this.mimeType } : undefined);
        const entry = { recorder, startedAt: Date.now(), seq: this.seq++ };
        this.collect(entry);
        recorder.start();
        this.current = entry;
        this.timer = setTimeout(() => this.rotate(), this.segmentMs);
      } catch (error) {
        devWarn("MediaRecorder could not start; evidence recording stopped", error);
        this.running = false;
      }
    }
    if (previous && previous.recorder.state !== "inactive") previous.recorder.stop();
  }

  private collect(entry: { recorder: MediaRecorder; startedAt: number; seq: number }): void {
    const chunks: Blob[] = [];
    const done = new Promise<void>((resolve) => {
      entry.recorder.addEventListener("dataavailable", (event) => {
        if (event.data.size > 0) chunks.push(event.data);
      });
      entry.recorder.addEventListener("stop", () => {
        const type = entry.recorder.mimeType || this.mimeType || "video/webm";
        if (chunks.length > 0) {
          this.onSegment({
            seq: entry.seq,
            blob: new Blob(chunks, { type }),
            startedAt: entry.startedAt,
            durationMs: Date.now() - entry.startedAt,
            mimeType: type,
          });
        }
        resolve();
      });
      entry.recorder.addEventListener("error", () => resolve());
    });
    this.pending.add(done);
    void done.then(() => this.pending.delete(done));
  }

  /** Stops recording and resolves once the last segment has been handed to `onSegment`. */
  async flush(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.rotate();
    await Promise.all([...this.pending]);
  }
}
