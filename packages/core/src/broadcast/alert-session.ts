import { endReasonProblem } from "@alertrun/contract";
import type { ConvexConnection } from "../backend/convex-connection.js";
import { AlertRunError, toAlertRunError } from "../errors.js";
import { captureMedia, type DeviceStatus } from "../media/capture.js";
import { prefetchMediaModules } from "../media/prefetch.js";
import type { PublishConnection, Publisher } from "../media/publisher.js";
import { RECORD_SEGMENT_MS } from "../media/publish-settings.js";
import type { AlertSummary, ChatMessage } from "../types.js";
import { abortableSleep, retry, withTimeout } from "../util/backoff.js";
import { boundary } from "../util/boundary.js";
import { devWarn } from "../util/dev.js";
import { randomId } from "../util/ids.js";
import type { MachineState } from "../util/state-machine.js";
import { writable, type Store } from "../util/store.js";
import { createBroadcastMachine, type BroadcastStateName } from "./broadcast-machine.js";
import { ClipUploader, type Owner, type RecordingState } from "./clip-uploader.js";
import type { EvidenceStore } from "./evidence-store.js";
import { Heartbeat } from "./heartbeat.js";
import { clearRecord, saveRecord, type SessionRecord } from "./session-record.js";
import { LocationReporter, type LocationState } from "./location-reporter.js";
import { validateMessage } from "../util/validate-message.js";
import { SegmentRecorder } from "./segment-recorder.js";
import type { DirectFallback, DirectFallbackOptions } from "../direct/direct-fallback.js";
import type { MediaPath } from "../direct/media-path-policy.js";
import type { HeldMedia } from "./press-hold.js";

export interface StartAlertOptions {
  /** Free-form category passed to `alerts:start` (e.g. "medical"). */
  category?: string;
  /** Ask for the camera (default true). */
  video?: boolean;
  /** Ask for the microphone (default true). */
  audio?: boolean;
  /** Share the device's position (default true). */
  location?: boolean;
  /** Record evidence segments and upload them (default true). */
  record?: boolean;
  /** Extra camera constraints merged over the emergency defaults (rarely needed). */
  videoConstraints?: MediaTrackConstraints;
  /** Extra microphone constraints merged over the emergency defaults (rarely needed). */
  audioConstraints?: MediaTrackConstraints;
  /**
   * When the media server is unreachable, offer the camera and microphone directly to responders
   * who are watching (default on: `{maxPeers: 3, afterMs: 3000}`); `false` turns it off.
   */
  direct?: DirectFallbackOptions | false;
}

export interface MediaState {
  camera: DeviceStatus;
  microphone: DeviceStatus;
  mode: "video" | "audio" | "location-only";
  connection: PublishConnection;
  /** "sfu": through the media server; "direct": peer connections to responders (it is unreachable). */
  path: MediaPath;
}

export interface AlertSession {
  readonly state: Store<MachineState<BroadcastStateName>>;
  readonly alertId: Store<string | null>;
  /** Live counts (acks, viewers) for the reporter's reassurance. */
  readonly alert: Store<AlertSummary | null>;
  readonly media: Store<MediaState>;
  /** The local camera, for a preview `<video>`. */
  readonly preview: Store<MediaStream | null>;
  readonly location: Store<LocationState>;
  readonly messages: Store<ChatMessage[]>;
  /** Evidence recording progress. */
  readonly recording: Store<RecordingState>;
  /** The last error of a host-called method or of background work (media, uploads). */
  readonly lastError: Store<AlertRunError | null>;
  sendMessage(text: string): Promise<void>;
  /** Ends the alert; never rejects (failures land in `state`). */
  end(reason?: string): Promise<void>;
}

/** Where a session keeps what a reload must not lose (see session-record.ts, evidence-store.ts). */
export interface SessionPersistence {
  /** sessionStorage key, scoped to the deployment and site. */
  key: string;
  evidence: EvidenceStore;
  /** The record of the page before the reload, when re-attaching. */
  resume: SessionRecord | null;
}

/** How long a recovered session waits to hear whether its alert is still active before going on. */
const RECOVER_CHECK_MS = 5_000;

const DEFAULT_END_REASON = "ended by reporter";

/** How long `end()` waits for `alerts:end` before stopping camera and microphone regardless. */
const MEDIA_STOP_WAIT_MS = 2_000;

/** How long `end()` waits, after ending the alert, for the last evidence segments to upload. */
const FINAL_UPLOAD_WAIT_MS = 6_000;

/**
 * One press of the alert button, from `starting` to `ended`. Everything begins at once: the alert
 * is created (`alerts:start`, idempotent through `clientRequestId`), camera and microphone are
 * requested, the position is watched and livekit-client is loaded, all in parallel, because the
 * alert must reach responders even if media never works.
 */
export class BroadcastSession implements AlertSession {
  private readonly machine = createBroadcastMachine();
  readonly state = this.machine.state;
  private readonly alertIdStore = writable<string | null>(null);
  readonly alertId: Store<string | null> = this.alertIdStore;
  private readonly alertStore = writable<AlertSummary | null>(null);
  readonly alert: Store<AlertSummary | null> = this.alertStore;
  private readonly mediaStore = writable<MediaState>({ camera: "pending", microphone: "pending", mode: "location-only", connection: "idle", path: "sfu" });
  readonly media: Store<MediaState> = this.mediaStore;
  private readonly previewStore = writable<MediaStream | null>(null);
  readonly preview: Store<MediaStream | null> = this.previewStore;
  private readonly messagesStore = writable<ChatMessage[]>([]);
  readonly messages: Store<ChatMessage[]> = this.messagesStore;
  private readonly lastErrorStore = writable<AlertRunError | null>(null);
  readonly lastError: Store<AlertRunError | null> = this.lastErrorStore;
  readonly location: Store<LocationState>;
  readonly recording: Store<RecordingState>;

  /**
   * Idempotency key of this press: ≥128 random bits, so it cannot collide with another press. A
   * session recovered after a reload keeps the original press's key.
   */
  readonly clientRequestId: string;
  /** True when this session re-attached to an alert raised before a reload. */
  readonly recovered: boolean;
  private readonly options: StartAlertOptions;
  private record: SessionRecord | null = null;
  private readonly locationReporter: LocationReporter;
  private readonly uploader: ClipUploader;
  private readonly owner: Promise<Owner>;
  private resolveOwner!: (owner: Owner) => void;
  private rejectOwner!: (error: unknown) => void;
  private stream: MediaStream | null = null;
  private recorder: SegmentRecorder | null = null;
  private publisher: Publisher | null = null;
  private directFallback: DirectFallback | null = null;
  private heartbeat: Heartbeat | null = null;
  private readonly disposers: (() => void)[] = [];
  private ending: Promise<void> | null = null;
  private released = false;

  constructor(
    private readonly backend: ConvexConnection,
    private readonly site: string,
    options: StartAlertOptions = {},
    configError: AlertRunError | null = null,
    private readonly persistence: SessionPersistence | null = null,
    /** Issue 13: camera and room already opened while the button was held (press-hold.ts). */
    private readonly held: HeldMedia | null = null,
  ) {
    const resume = persistence?.resume ?? null;
    this.clientRequestId = resume?.clientRequestId ?? held?.clientRequestId ?? randomId(16);
    this.recovered = resume !== null;
    this.options = resume ? { ...resume.options } : options;
    this.owner = new Promise<Owner>((resolve, reject) => {
      this.resolveOwner = resolve;
      this.rejectOwner = reject;
    });
    this.owner.catch(() => undefined);
    this.locationReporter = new LocationReporter(backend);
    this.location = this.locationReporter.state;
    this.uploader = new ClipUploader(backend, this.owner, persistence ? { store: persistence.evidence, pressKey: this.clientRequestId } : null);
    this.recording = this.uploader.state;
    if (configError) {
      this.fail(configError, "invalid configuration");
      return;
    }
    this.run();
  }

  private run(): void {
    const resume = this.persistence?.resume ?? null;
    this.machine.transition("starting", resume ? "recovering the alert after a reload" : "alert requested");
    this.saveRecord(
      resume ?? {
        version: 1,
        clientRequestId: this.clientRequestId,
        alertId: null,
        ownerKey: null,
        nextSeq: 0,
        savedAt: Date.now(),
        options: {
          ...(this.options.category !== undefined ? { category: this.options.category } : {}),
          ...(this.options.video !== undefined ? { video: this.options.video } : {}),
          ...(this.options.audio !== undefined ? { audio: this.options.audio } : {}),
          ...(this.options.location !== undefined ? { location: this.options.location } : {}),
          ...(this.options.record !== undefined ? { record: this.options.record } : {}),
        },
      },
    );
    if (resume && this.persistence) void this.uploadRecovered(this.persistence.evidence);
    // Warm the media library while the alert is being created.
    prefetchMediaModules().catch(() => undefined);
    if (this.options.location !== false) this.locationReporter.start();
    else this.locationReporter.stop();
    const capture = this.capture();
    if (resume?.alertId && resume.ownerKey) void this.recover({ alertId: resume.alertId, ownerKey: resume.ownerKey });
    else void this.createAlert();
    void Promise.all([capture, this.owner]).then(
      ([, owner]) => this.publish(owner),
      () => undefined,
    );
  }

  private async capture(): Promise<void> {
    const video = this.options.video !== false;
    const audio = this.options.audio !== false;
    const result = await (this.held?.captured ?? captureMedia({
      video,
      audio,
      ...(this.options.videoConstraints ? { videoConstraints: this.options.videoConstraints } : {}),
      ...(this.options.audioConstraints ? { audioConstraints: this.options.audioConstraints } : {}),
    }));
    if (this.released) {
      result.stream?.getTracks().forEach((t) => t.stop());
      return;
    }
    this.stream = result.stream;
    const hasVideo = !!result.stream?.getVideoTracks().length;
    const hasAudio = !!result.stream?.getAudioTracks().length;
    this.mediaStore.update((m) => ({
      ...m,
      camera: result.camera,
      microphone: result.microphone,
      mode: hasVideo ? "video" : hasAudio ? "audio" : "location-only",
    }));
    if (result.problems[0]) this.lastErrorStore.set(result.problems[0]);
    this.previewStore.set(hasVideo ? result.stream : null);
    if (result.stream && this.options.record !== false) this.startRecording(result.stream);
  }

  private startRecording(stream: MediaStream): void {
    if (!SegmentRecorder.isAvailable()) {
      this.uploader.setStatus("unsupported");
      return;
    }
    this.recorder = new SegmentRecorder(
      stream,
      RECORD_SEGMENT_MS,
      (segment) => {
        this.uploader.enqueue(segment);
        if (this.record && segment.seq >= this.record.nextSeq) this.saveRecord({ ...this.record, nextSeq: segment.seq + 1 });
      },
      this.record?.nextSeq ?? 0,
    );
    this.recorder.start();
    this.uploader.setStatus("recording");
  }

  private async createAlert(): Promise<void> {
    const first = this.locationReporter.current();
    const args = {
      site: this.site,
      clientRequestId: this.clientRequestId,
      ...(this.options.category ? { category: this.options.category } : {}),
      ...(first ? { location: { lat: first.lat, lng: first.lng, accuracy: first.accuracy } } : {}),
    };
    try {
      // The Convex client already queues a mutation across reconnects; this loop covers what it
      // reports as failed (a transient server error, a connection lost mid-request). Every attempt
      // carries the same clientRequestId, so however many reach the backend, one alert exists.
      const owner = await retry(() => this.backend.mutation("alerts:start", args), {
        baseMs: 300,
        maxMs: 5_000,
        onRetry: () => this.machine.explain("waiting for network"),
      });
      this.attachOwner({ alertId: owner.alertId, ownerKey: owner.ownerKey }, "alert created");
    } catch (error) {
      const failure = toAlertRunError(error, "alert/start-failed");
      this.rejectOwner(failure);
      if (this.persistence) clearRecord(this.persistence.key);
      this.fail(failure, "the alert could not be created");
    }
  }

  /**
   * Re-attaches to the alert of the page before a reload. The owner key is already known, so this
   * works offline too; if the backend answers that the alert is over, the session ends quietly.
   */
  private async recover(owner: Owner): Promise<void> {
    try {
      const alert = await withTimeout(
        this.backend.query("alerts:get", { ...owner }),
        RECOVER_CHECK_MS,
        () => new AlertRunError("network/unreachable", "No answer from the alert service yet."),
      );
      if (!alert || alert.status === "ended") {
        this.rejectOwner(new AlertRunError("alert/ended", "The alert ended before the page was reloaded."));
        if (this.persistence) clearRecord(this.persistence.key);
        this.machine.transition("ending", "the recovered alert had ended");
        await this.release();
        this.machine.transition("ended", "the recovered alert had ended");
        return;
      }
    } catch (error) {
      if (toAlertRunError(error).code === "alert/not-found") {
        this.rejectOwner(error);
        if (this.persistence) clearRecord(this.persistence.key);
        this.fail(toAlertRunError(error), "the recovered alert no longer exists");
        return;
      }
      // Unreachable or slow: the alert was live when the page went away; go on with it.
    }
    this.attachOwner(owner, "alert recovered after a reload");
  }

  private attachOwner(owner: Owner, reason: string): void {
    this.resolveOwner(owner);
    this.alertIdStore.set(owner.alertId);
    if (this.record) this.saveRecord({ ...this.record, alertId: owner.alertId, ownerKey: owner.ownerKey });
    if (!this.released) {
      // The sign of life that keeps the alert open whatever media and location do.
      this.heartbeat = new Heartbeat(this.backend, owner);
      this.heartbeat.start();
    }
    this.follow(owner);
    this.locationReporter.attach(owner);
    if (this.machine.name === "starting") this.machine.transition("live", reason);
  }

  /** Queues the segments the page before the reload recorded but did not upload. */
  private async uploadRecovered(evidence: EvidenceStore): Promise<void> {
    const segments = await evidence.list(this.clientRequestId);
    for (const segment of segments) this.uploader.enqueue(segment, true);
  }

  private saveRecord(record: SessionRecord): void {
    this.record = record;
    if (this.persistence && !this.machine.isIn("ended")) saveRecord(this.persistence.key, record);
  }

  /** The alert is over: a reload must not bring it back. Evidence not yet uploaded stays stored. */
  private forget(): void {
    if (!this.persistence) return;
    clearRecord(this.persistence.key);
    const { failed } = this.uploader.state.get();
    if (failed === 0) void this.persistence.evidence.clear(this.clientRequestId);
  }

  private follow(owner: Owner): void {
    // The owner key admits the reporter even on sites whose audience is responders only.
    const alert = this.backend.watch("alerts:get", { ...owner });
    const messages = this.backend.watch("messages:list", { ...owner });
    this.disposers.push(
      alert.subscribe((value) => {
        if (value.status !== "ready") return;
        this.alertStore.set(value.value);
        if (value.value?.status === "ended" && this.machine.isIn("live", "error")) {
          void this.endLocally(`ended elsewhere: ${value.value.endReason ?? "no reason given"}`);
        }
      }),
      messages.subscribe((value) => {
        if (value.status === "ready") this.messagesStore.set(value.value);
      }),
      () => alert.dispose(),
      () => messages.dispose(),
    );
  }

  private async publish(owner: Owner): Promise<void> {
    const stream = this.stream;
    if (!stream || this.released) return;
    const tracks = stream.getTracks();
    if (tracks.length === 0) return;
    // The media half of core is its own chunk, loaded (with livekit-client) only when publishing.
    let Publisher: typeof import("../media/publisher.js").Publisher;
    try {
      ({ Publisher } = await import("../media/publisher.js"));
    } catch (error) {
      this.lastErrorStore.set(new AlertRunError("media/load-failed", "Could not load the media module.", error));
      this.mediaStore.update((m) => ({ ...m, mode: "location-only", connection: "disconnected" }));
      return;
    }
    if (this.released) return;
    const onError = (error: AlertRunError) => {
      this.lastErrorStore.set(error);
      this.mediaStore.update((m) => ({ ...m, mode: "location-only" }));
    };
    // A completed hold is already publishing to the room the alert adopted: keep that publisher.
    const held = this.held ? await this.held.adopt(owner, onError) : null;
    const publisher = held ?? new Publisher(() => this.backend.action("media:publishToken", { ...owner }), tracks, onError);
    this.publisher = publisher;
    if (this.released) {
      await publisher.stop();
      return;
    }
    const hasVideo = tracks.some((t) => t.kind === "video");
    const hasAudio = tracks.some((t) => t.kind === "audio");
    this.disposers.push(
      publisher.connection.subscribe((connection) => this.mediaStore.update((m) => ({ ...m, connection }))),
      publisher.videoEnabled.subscribe((videoOn) => {
        // The bandwidth ladder's last rung: video paused on a long-poor uplink, audio goes on.
        if (!hasVideo || !hasAudio) return;
        this.mediaStore.update((m) => (m.mode === "location-only" ? m : { ...m, mode: videoOn ? "video" : "audio" }));
      }),
    );
    void this.startDirectFallback(owner, publisher, tracks);
    if (!held) await publisher.start();
  }

  /** Issue 16: the direct path, watched from the first connect attempt (its own lazy chunk). */
  private async startDirectFallback(owner: Owner, publisher: Publisher, tracks: MediaStreamTrack[]): Promise<void> {
    if (this.options.direct === false) return;
    try {
      const { DirectFallback } = await import("../direct/direct-fallback.js");
      if (this.released) return;
      const fallback = new DirectFallback(this.backend, owner, publisher.connection, tracks, this.options.direct ?? {}, (error) =>
        this.lastErrorStore.set(error),
      );
      this.directFallback = fallback;
      this.disposers.push(fallback.path.subscribe((path) => this.mediaStore.update((m) => ({ ...m, path }))));
      fallback.start();
    } catch (error) {
      devWarn("the direct fallback could not start", error);
    }
  }

  sendMessage(text: string): Promise<void> {
    return boundary(async () => {
      const checked = validateMessage(text);
      if (this.machine.isIn("ended", "ending")) throw new AlertRunError("alert/ended", "This alert has ended.");
      const owner = await this.owner;
      await retry(() => this.backend.mutation("messages:send", { ...owner, text: checked }), { maxAttempts: 5 });
    }, this.lastErrorStore);
  }

  end(reason = DEFAULT_END_REASON): Promise<void> {
    // A reason the backend would refuse (the contract's rule) must not keep the alert live.
    const problem = endReasonProblem(reason);
    if (problem) devWarn(`end(): ${problem.message} Ending with "${DEFAULT_END_REASON}".`);
    this.ending ??= this.doEnd(problem ? DEFAULT_END_REASON : reason).catch((error: unknown) => {
      devWarn("end() failed", error);
    });
    return this.ending;
  }

  private async doEnd(reason: string): Promise<void> {
    if (this.machine.isIn("ended")) return;
    const startFailed = this.machine.isIn("error") && this.alertIdStore.get() === null;
    this.machine.transition("ending", reason);
    this.locationReporter.stop();
    if (startFailed) {
      if (this.persistence) clearRecord(this.persistence.key);
      await this.release();
      this.machine.transition("ended", reason);
      return;
    }
    // If the alert is still being created, this waits for it: the queued start may yet land, and
    // an alert nobody ends would stay active for responders.
    const ended = this.owner.then((owner) =>
      retry(() => this.backend.mutation("alerts:end", { ...owner, reason }), { baseMs: 300, maxMs: 5_000, maxAttempts: 20 }),
    );
    ended.catch(() => undefined);
    // End the alert first so responders see "ended" before the stream stops (rather than a
    // stalled picture), but never keep the camera on for more than a moment after the press.
    await Promise.race([ended.catch(() => undefined), abortableSleep(MEDIA_STOP_WAIT_MS)]);
    await this.release();
    try {
      await ended;
      // The backend accepts clips for a grace period after the end: let the last segment land.
      await this.uploader.settle(FINAL_UPLOAD_WAIT_MS);
      this.forget();
      this.machine.transition("ended", reason);
    } catch (error) {
      const failure = toAlertRunError(error);
      if (failure.code === "alert/ended" || this.alertIdStore.get() === null) {
        this.forget();
        this.machine.transition("ended", reason);
        return;
      }
      this.lastErrorStore.set(failure);
      this.machine.transition("error", "the alert could not be ended", failure);
    } finally {
      this.dispose();
    }
  }

  /** The alert ended on the backend (not by this session): clean up without calling alerts:end. */
  private async endLocally(reason: string): Promise<void> {
    this.ending ??= (async () => {
      this.forget();
      this.machine.transition("ended", reason);
      await this.release();
      this.dispose();
    })().catch((error: unknown) => devWarn("cleanup failed", error));
  }

  /** Stops media in the order that loses nothing: live stream, last segment, then the camera. */
  private async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.heartbeat?.stop();
    this.locationReporter.stop();
    this.directFallback?.stop();
    await this.publisher?.stop().catch(() => undefined);
    await this.held?.discard();
    try {
      await this.recorder?.flush();
    } catch (error) {
      devWarn("recorder flush failed", error);
    }
    this.stream?.getTracks().forEach((t) => t.stop());
    this.previewStore.set(null);
    if (this.recorder) this.uploader.setStatus("stopped");
  }

  private fail(error: AlertRunError, reason: string): void {
    this.lastErrorStore.set(error);
    this.machine.transition("error", reason, error);
    void this.release();
  }

  private dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  /** Stops local media and subscriptions without ending the alert (the page is going away). */
  close(): void {
    // Beats stop now: the backend shows the reporter offline and, after the silence timeout,
    // ends the alert unless the page comes back.
    this.heartbeat?.stop();
    void this.release();
    this.dispose();
    this.uploader.cancel();
  }
}
