import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * Ticks once a second while `running`, so elapsed times stay current without each element
 * owning a timer. Stops with the host so detached elements hold no timers.
 */
export class ClockController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null;
  private connected = false;
  private wanted = false;
  now = Date.now();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  set running(value: boolean) {
    this.wanted = value;
    this.sync();
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
  }

  hostUpdate(): void {
    this.now = Date.now();
  }

  private sync(): void {
    const run = this.connected && this.wanted;
    if (run && !this.timer) {
      this.timer = setInterval(() => this.host.requestUpdate(), 1000);
    } else if (!run && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
