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
