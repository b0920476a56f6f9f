import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AlertHold, AlertRunClient, StartAlertOptions } from "@alertrun/core";

/** What the hold gesture needs from its element; read at press time, so always current. */
export interface HoldSettings {
  /** How long to hold, in milliseconds (0 completes on press). */
  duration(): number;
  /** Whether a press may begin now (the element is idle). */
  canBegin(): boolean;
  /** The client, once configured: a press warms it up (media code, camera, room). */
  client(): AlertRunClient | null;
  /** What the alert will ask for, so the warm-up opens the same camera and microphone. */
  alertOptions(): StartAlertOptions;
  /** No vibration when the hold completes (`discreet`). */
  quiet(): boolean;
  /** Wraps event handlers so nothing they throw reaches the host page. */
  guard<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void;
  /** Says what is happening through the element's live region (holding, released, sending). */
  announce(key: "keepHolding" | "releasedEarly" | "sendingAlert", params?: { count: number }): void;
  /** The hold completed; `held` is the warmed-up camera and room to start the alert with, if any. */
  onComplete(held: AlertHold | null): void;
}

const isHoldKey = (event: KeyboardEvent) => event.key === " " || event.key === "Enter";

/**
 * Press and hold, by pointer or by keyboard (Space or Enter held): a timer decides when the hold
 * completes and animation frames only draw the ring (frames pause in background tabs, timers do
 * not). Early release, pointer cancel, lost capture and blur cancel the hold and the warm-up
 * (core's `holdAlert`: the camera turns off at once and nothing stays). A single click or key
 * press never completes a hold longer than 0.
 */
export class HoldController implements ReactiveController {
  /** When the current press began (`performance.now()`), or null when not holding. */
  startedAt: number | null = null;
  /** How far the ring has closed, 0 to 1. */
  progress = 0;

  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private warmUp: AlertHold | null = null;

  /** Pointer down: the primary button, a finger or a pen begins a hold. */
  readonly onPointerDown: (event: PointerEvent) => void;
  /** Pointer up or cancel, lost capture, blur: an unfinished hold ends here. */
  readonly onPointerUp: () => void;
  /** Space or Enter held down begins a hold; the native "click" is suppressed. */
  readonly onKeyDown: (event: KeyboardEvent) => void;
  readonly onKeyUp: (event: KeyboardEvent) => void;
  /** A long press on touch screens would open the context menu over the button. */
  readonly onContextMenu = (event: Event) => event.preventDefault();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly settings: HoldSettings,
  ) {
    host.addController(this);
    const guard = <A extends unknown[]>(fn: (...args: A) => unknown) => settings.guard(fn);
    this.onPointerDown = guard((event: PointerEvent) => {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      try {
        (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
      } catch {
        // Synthetic events have no active pointer to capture; holding still works.
      }
      this.begin();
    });
    this.onPointerUp = guard(() => this.release());
    this.onKeyDown = guard((event: KeyboardEvent) => {
      if (!isHoldKey(event)) return;
      // Keep the native button from "clicking": only a full hold sends an alert.
      event.preventDefault();
      if (!event.repeat) this.begin();
    });
    this.onKeyUp = guard((event: KeyboardEvent) => {
      if (!isHoldKey(event)) return;
      event.preventDefault();
      this.release();
    });
  }

  get holding(): boolean {
    return this.startedAt !== null;
  }

  hostDisconnected(): void {
    this.cancelWarmUp();
    this.stop();
  }

  /** Starts a hold (no-op unless the element may begin one). */
  begin(): void {
    if (this.holding || !this.settings.canBegin()) return;
    const client = this.settings.client();
    client?.prefetchMedia().catch(() => undefined);
    const hold = this.settings.duration();
    this.startedAt = performance.now();
    this.progress = 0;
    // Use the hold: camera on and publishing before the alert exists; released early, nothing stays.
    if (hold > 0 && client) this.warmUp = client.holdAlert(this.settings.alertOptions());
    this.settings.announce("keepHolding", { count: Math.round(hold / 100) / 10 });
    if (hold <= 0) {
      this.complete();
      return;
    }
    this.timer = setTimeout(this.settings.guard(() => this.complete()), hold);
    const draw = () => {
      if (this.startedAt === null) return;
      this.progress = Math.min(1, (performance.now() - this.startedAt) / hold);
      this.host.requestUpdate();
      this.frame = requestAnimationFrame(draw);
    };
    this.frame = requestAnimationFrame(draw);
    this.host.requestUpdate();
  }

  /** Ends a hold before it completed: the warm-up is cancelled and nothing is sent. */
  release(): void {
    if (!this.holding) return;
    this.cancelWarmUp();
    this.stop();
    this.settings.announce("releasedEarly");
  }

  private complete(): void {
    this.stop();
    if (!this.settings.quiet()) navigator.vibrate?.(80);
    const held = this.warmUp;
    this.warmUp = null;
    this.settings.announce("sendingAlert");
    this.settings.onComplete(held);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    cancelAnimationFrame(this.frame);
    this.startedAt = null;
    this.progress = 0;
    this.host.requestUpdate();
  }

  private cancelWarmUp(): void {
    this.warmUp?.cancel();
    this.warmUp = null;
  }
}
