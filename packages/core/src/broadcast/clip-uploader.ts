import type { ConvexConnection } from "../backend/convex-connection.js";
import { AlertRunError, toAlertRunError } from "../errors.js";
import { abortableSleep, retry } from "../util/backoff.js";
import { devWarn } from "../util/dev.js";
import { writable, type Store } from "../util/store.js";
import type { EvidenceStore } from "./evidence-store.js";
import type { Segment } from "./segment-recorder.js";

export interface RecordingState {
  status: "off" | "recording" | "stopped" | "unsupported";
  /** Segments closed so far. */
  segments: number;
  /** Segments stored and attached to the alert. */
  uploaded: number;
  /** Segments given up on after retries. */
  failed: number;
}

export interface Owner {
  alertId: string;
  ownerKey: string;
}

const MAX_ATTEMPTS = 8;

/**
 * Uploads evidence segments one after the other as they close. It runs beside the live stream and
 * never blocks it: uploads wait for the alert id, retry with backoff, and a segment that keeps
 * failing is dropped (counted in `failed`) rather than holding up the newer ones.
 */
export class ClipUploader {
  private readonly queue: Segment[] = [];
  private draining: Promise<void> | null = null;
  private readonly stateStore = writable<RecordingState>({ status: "off", segments: 0, uploaded: 0, failed: 0 });
  readonly state: Store<RecordingState> = this.stateStore;
  private readonly abort = new AbortController();

  constructor(
    private readonly backend: ConvexConnection,
    private readonly owner: Promise<Owner>,
    /** Where segments wait for upload across reloads, under `pressKey` (the press's clientRequestId). */
    private readonly evidence: { store: EvidenceStore; pressKey: string } | null = null,
  ) {}

  setStatus(status: RecordingState["status"]): void {
    this.stateStore.update((s) => ({ ...s, status }));
  }

  /** Queues a segment; `stored` says it already sits in the evidence store (recovered after a reload). */
  enqueue(segment: Segment, stored = false): void {
    if (!stored && this.evidence) void this.evidence.store.put(this.evidence.pressKey, segment);
    this.queue.push(segment);
    this.stateStore.update((s) => ({ ...s, segments: s.segments + 1 }));
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    let owner: Owner;
    try {
      owner = await this.owner;
    } catch {
      // No alert was created: there is nothing to attach evidence to.
      this.stateStore.update((s) => ({ ...s, failed: s.failed + this.queue.length }));
      this.queue.length = 0;
      return;
    }
    for (let segment = this.queue.shift(); segment; segment = this.queue.shift()) {
      try {
        await this.upload(owner, segment);
        if (this.evidence) await this.evidence.store.remove(this.evidence.pressKey, segment.seq);
        this.stateStore.update((s) => ({ ...s, uploaded: s.uploaded + 1 }));
      } catch (error) {
        // It stays in the evidence store, if there is one: the next page load tries again.
        devWarn(`evidence segment ${segment.seq} could not be uploaded`, error);
        this.stateStore.update((s) => ({ ...s, failed: s.failed + 1 }));
      }
    }
  }

  private async upload(owner: Owner, segment: Segment): Promise<void> {
    const options = { maxAttempts: MAX_ATTEMPTS, baseMs: 500, maxMs: 8_000, signal: this.abort.signal };
    // Stored once, then only the attach is retried, so a flaky link does not upload twice — unless
    // the backend says the stored file is unknown, when the whole upload is worth one more go.
    for (let round = 0; ; round++) {
      const storageId = await retry(() => this.store(owner, segment), options);
      try {
        await retry(
          () =>
            this.backend.mutation("clips:attach", {
              ...owner,
              storageId,
              seq: segment.seq,
              startedAt: segment.startedAt,
              durationMs: Math.max(1, segment.durationMs),
              mimeType: segment.mimeType,
            }),
          options,
        );
        return;
      } catch (error) {
        if (round >= 1 || toAlertRunError(error).code !== "backend/clip/invalid") throw error;
      }
    }
  }

  private async store(owner: Owner, segment: Segment): Promise<string> {
    const url = await this.backend.mutation("clips:generateUploadUrl", { ...owner });
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers: { "Content-Type": segment.mimeType || "application/octet-stream" }, body: segment.blob });
    } catch (error) {
      throw toAlertRunError(error, "network/unreachable");
    }
    if (!response.ok) throw new AlertRunError("upload/failed", `Upload refused with HTTP ${response.status}.`);
    const body = (await response.json()) as { storageId?: string };
    if (!body.storageId) throw new AlertRunError("upload/failed", "Upload response had no storageId.");
    return body.storageId;
  }

  /** Resolves when the queue is empty or `timeoutMs` has passed (uploads go on in the background). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.draining && Date.now() < deadline) {
      await Promise.race([this.draining, abortableSleep(Math.max(0, deadline - Date.now()))]);
    }
  }

  /** Stops retrying (used when the client is closed). */
  cancel(): void {
    this.abort.abort();
  }
}
