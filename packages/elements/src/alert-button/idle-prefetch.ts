import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AlertRunClient } from "@alertrun/core";
import { whenIdle } from "../internal/idle.js";
import { loadPostPressViews } from "./views-loader.js";

/**
 * Fetches what a press will need while the page is idle, before anyone presses: the media SDK
 * (large) and the post-press views' chunk. A press fetches both again at once (see
 * hold-controller.ts and alert-button.ts), so this is a head start, never a requirement.
 */
export class IdlePrefetch implements ReactiveController {
  private cancel: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Schedules the fetches for `client` (a new client replaces the previous schedule). */
  schedule(client: AlertRunClient): void {
    this.cancel?.();
    this.cancel = whenIdle(() => {
      client.prefetchMedia().catch(() => undefined);
      void loadPostPressViews();
    });
  }

  hostDisconnected(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
