import type { ConvexConnection } from "../backend/convex-connection.js";
import { isPermanent } from "../errors.js";
import { devWarn } from "../util/dev.js";
import type { Owner } from "./clip-uploader.js";

/** Until the backend says otherwise (`heartbeat:beat` returns its interval). */
const DEFAULT_INTERVAL_MS = 10_000;
/** While a beat fails (offline), try again this often so the reporter shows online soon after. */
const RETRY_INTERVAL_MS = 3_000;

/**
 * The reporter page's sign of life: `heartbeat:beat` every ten seconds while the alert is live,
 * whatever media, location and chat do. It is what keeps a quiet reporter's alert open (camera,
 * microphone and location denied) and what shows responders "reporter offline" when it stops.
 * A failed beat is retried soon; a refusal (the alert is gone, the key is wrong) stops it.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private intervalMs = DEFAULT_INTERVAL_MS;

  constructor(
    private readonly backend: ConvexConnection,
    private readonly owner: Owner,
    /** Called when the backend reports the alert is no longer active. */
    private readonly onInactive: () => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer !== null || this.stopped) return;
    void this.beat();
  }

  private async beat(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    let next = this.intervalMs;
    try {
      const result = await this.backend.mutation("heartbeat:beat", { ...this.owner });
      if (!result.active) {
        this.stop();
        this.onInactive();
        return;
      }
      if (Number.isFinite(result.intervalMs) && result.intervalMs >= 1_000) this.intervalMs = result.intervalMs;
      next = this.intervalMs;
    } catch (error) {
      if (isPermanent(error)) {
        devWarn("heartbeat refused; stopping", error);
        this.stop();
        return;
      }
      next = Math.min(this.intervalMs, RETRY_INTERVAL_MS);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.beat(), next);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
