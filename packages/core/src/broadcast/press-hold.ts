import type { ConvexConnection } from "../backend/convex-connection.js";
import { AlertRunError } from "../errors.js";
import { captureMedia, type CaptureResult } from "../media/capture.js";
import type { Publisher } from "../media/publisher.js";
import type { MediaToken } from "../types.js";
import { devWarn } from "../util/dev.js";
import { randomId } from "../util/ids.js";
import type { StartAlertOptions } from "./alert-session.js";
import type { Owner } from "./clip-uploader.js";

/**
 * User Timing marks a hold leaves (`performance.getEntriesByName(...)`), so a host or the bench can
 * see where the time of a press goes. Marks are local to the page and carry no data.
 */
export const HOLD_MARKS = {
  begin: "alertrun:hold-begin",
  publishToken: "alertrun:hold-publish-token",
  published: "alertrun:hold-published",
} as const;

/** What a completed hold hands to its alert session. */
export interface HeldMedia {
  /** The press's idempotency key: the reservation and `alerts:start` must share it. */
  readonly clientRequestId: string;
  /** The camera and microphone opened at the start of the hold. */
  readonly captured: Promise<CaptureResult>;
  /**
   * Gives the hold's publisher (already connecting or publishing) to the alert, with its owner
   * key for later tokens; null when there is nothing to publish. Called once.
   */
  adopt(owner: Owner, onError: (error: AlertRunError) => void): Promise<Publisher | null>;
  /** The session is over (or failed before adopting): leave the room. Tracks are the session's. */
  discard(): Promise<void>;
}

/**
 * The time a person holds the button, put to use (issue 13). While the button is held the camera
 * opens, a LiveKit room is reserved for this press (`reservations:reserve`: a token for that room
 * only, tied to this press's clientRequestId), and the camera is published to it, so that when the
 * hold completes the picture is already at the media server and `alerts:start` adopts the room.
 *
 * Released early (`cancel()`), nothing remains: the room is left, every track is stopped (the
 * camera light goes off), nothing was recorded, and no alert exists. The reserved room was never
 * shown to anyone: viewers only learn a room from a live alert.
 */
export class PressHold implements HeldMedia {
  readonly clientRequestId = randomId(16);
  readonly captured: Promise<CaptureResult>;
  private publisher: Promise<Publisher | null>;
  private owner: Owner | null = null;
  private resolveOwner!: (owner: Owner | null) => void;
  private readonly ownerKnown = new Promise<Owner | null>((resolve) => (this.resolveOwner = resolve));
  private errorSink: ((error: AlertRunError) => void) | null = null;
  private state: "holding" | "cancelled" | "handed-over" = "holding";

  constructor(
    private readonly backend: ConvexConnection,
    private readonly site: string,
    private readonly options: StartAlertOptions,
  ) {
    mark(HOLD_MARKS.begin);
    this.captured = captureMedia({
      video: options.video !== false,
      audio: options.audio !== false,
      ...(options.videoConstraints ? { videoConstraints: options.videoConstraints } : {}),
      ...(options.audioConstraints ? { audioConstraints: options.audioConstraints } : {}),
    });
    this.publisher = this.captured.then((result) => this.startPublisher(result)).catch((error: unknown) => {
      devWarn("could not publish during the hold", error);
      return null;
    });
  }

  /** True until the hold is cancelled or handed to an alert. */
  get holding(): boolean {
    return this.state === "holding";
  }

  /** A getter, not a narrowed field read: the state changes across every await. */
  private get cancelled(): boolean {
    return this.state === "cancelled";
  }

  private async startPublisher(result: CaptureResult): Promise<Publisher | null> {
    const tracks = result.stream?.getTracks() ?? [];
    if (this.cancelled) {
      tracks.forEach((t) => t.stop());
      return null;
    }
    if (tracks.length === 0) return null;
    const { Publisher } = await import("../media/publisher.js");
    if (this.cancelled) return null;
    const publisher = new Publisher(
      () => this.fetchToken(),
      tracks,
      (error) => (this.errorSink ? this.errorSink(error) : devWarn("publishing during the hold failed", error)),
    );
    void publisher.start().then(() => {
      if (publisher.connection.get() === "connected") mark(HOLD_MARKS.published);
    });
    return publisher;
  }

  /**
   * Before the alert exists: the reserved room's token. A refused reservation (a flood filled the
   * site's bucket, or it expired) only loses the head start: the token then waits for the alert
   * and comes from `media:publishToken`, the path a press without a hold takes.
   */
  private async fetchToken(): Promise<MediaToken> {
    if (!this.owner && this.state === "holding") {
      try {
        const token = await this.backend.action("reservations:reserve", { site: this.site, clientRequestId: this.clientRequestId });
        mark(HOLD_MARKS.publishToken);
        return token;
      } catch (error) {
        devWarn("no room reserved for this hold; publishing once the alert exists", error);
      }
    }
    const owner = this.owner ?? (await this.ownerKnown);
    // Released early: no alert will follow, so there is no token to wait for.
    if (!owner) throw new AlertRunError("client/closed", "The hold was released before the alert existed.");
    return this.backend.action("media:publishToken", { ...owner });
  }

  async adopt(owner: Owner, onError: (error: AlertRunError) => void): Promise<Publisher | null> {
    this.state = "handed-over";
    this.owner = owner;
    this.errorSink = onError;
    this.resolveOwner(owner);
    return this.publisher;
  }

  async discard(): Promise<void> {
    this.state = "cancelled";
    this.resolveOwner(null);
    const publisher = await this.publisher;
    await publisher?.stop().catch(() => undefined);
  }

  /** Released early: leave the room and stop every track. Idempotent; never rejects. */
  cancel(): void {
    if (this.state !== "holding") return;
    this.state = "cancelled";
    this.resolveOwner(null);
    void this.publisher.then((publisher) => publisher?.stop());
    void this.captured.then((result) => result.stream?.getTracks().forEach((t) => t.stop()));
  }
}

function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // User Timing is optional (very old browsers, some test hosts).
  }
}
