import type { ReactiveController, ReactiveControllerHost } from "lit";

/** Keeps a chat log scrolled to its newest message unless the reader has scrolled up. */
export class ChatScroller {
  private pinned = true;
  private count = -1;

  /** Call before the host renders: notes whether the log was at its end. */
  before(root: ParentNode): void {
    const log = root.querySelector<HTMLElement>(".chat-log");
    if (log) this.pinned = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
  }

  /** Call after the host rendered `count` messages: follows the newest one when pinned. */
  after(root: ParentNode, count: number): void {
    const log = root.querySelector<HTMLElement>(".chat-log");
    if (!log) {
      this.count = -1;
      this.pinned = true;
      return;
    }
    if (count !== this.count && (this.pinned || this.count === -1)) log.scrollTop = log.scrollHeight;
    this.count = count;
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

  hostUpdate(): void {
    this.scroller.before(this.host.renderRoot);
  }

  hostUpdated(): void {
    // The person in need always sees the newest reply, however many messages came before it.
    this.scroller.after(this.host.renderRoot, this.count());
  }
}
