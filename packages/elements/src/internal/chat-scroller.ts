import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * Keeps a chat log scrolled to its newest message unless the reader has scrolled up. Whether the
 * log is at its end is noted from its scroll events, not measured before each render: reading
 * scroll sizes then forces a layout of the whole page, on every update of the element (its clock
 * ticks, state changes), at the moment a viewer is joining a room.
 */
export class ChatScroller {
  private pinned = true;
  private count = -1;
  private log: HTMLElement | null = null;
  private frame: number | null = null;
  /** Where the last follow scrolled to: its own scroll event must not count as the reader's. */
  private followedTo: number | null = null;
  private readonly onScroll = (): void => {
    const log = this.log;
    if (!log) return;
    // The event comes a frame later, when newer messages may already have made the log taller.
    if (this.followedTo !== null && log.scrollTop === this.followedTo) {
      this.pinned = true;
      return;
    }
    this.followedTo = null;
    this.pinned = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
  };

  /**
   * Call after the host rendered `count` messages: follows the newest one when pinned. Scrolling
   * means reading the log's height, a layout of the whole page; it waits for the next frame,
   * which lays the page out anyway, and is skipped while there is nothing to scroll to.
   */
  after(root: ParentNode, count: number): void {
    const log = root.querySelector<HTMLElement>(".chat-log");
    if (log !== this.log) {
      this.log?.removeEventListener("scroll", this.onScroll);
      this.log = log;
      log?.addEventListener("scroll", this.onScroll, { passive: true });
      this.count = -1;
      this.pinned = true;
    }
    if (!log) return;
    const follow = count !== this.count && count > 0 && (this.pinned || this.count === -1);
    this.count = count;
    if (!follow || this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      if (this.log !== log) return;
      log.scrollTop = log.scrollHeight;
      this.followedTo = log.scrollTop;
      this.pinned = true;
    });
  }
}

/** A `ChatScroller` as a reactive controller, for an element whose whole render may hold a chat. */
export class ChatScrollController implements ReactiveController {
  private readonly scroller = new ChatScroller();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    /** How many messages the next render shows. */
    private readonly count: () => number,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // The person in need always sees the newest reply, however many messages came before it.
    this.scroller.after(this.host.renderRoot, this.count());
  }
}
