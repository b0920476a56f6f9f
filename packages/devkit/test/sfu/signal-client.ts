import WebSocket from "ws";
import { SignalRequest, SignalResponse } from "@livekit/protocol";

/** A bare signaling client speaking LiveKit's protobuf frames, for protocol-level tests. */
export class RawSignalClient {
  readonly messages: SignalResponse[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.messages.push(SignalResponse.fromBinary(new Uint8Array(data)));
      this.wake();
    });
    ws.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * `query` is appended to the URL (e.g. `join_request=…`); with `bearer` the token travels in an
   * `Authorization: Bearer` header instead of `?access_token=`.
   */
  static connect(sfuUrl: string, token: string, path = "/rtc", options: { query?: string; bearer?: boolean } = {}): Promise<RawSignalClient> {
    return new Promise((resolve, reject) => {
      const auth = options.bearer ? "" : `access_token=${encodeURIComponent(token)}&`;
      const extra = options.query ? `&${options.query}` : "";
      const ws = new WebSocket(
        `${sfuUrl}${path}?${auth}protocol=16&sdk=js${extra}`,
        options.bearer ? { headers: { authorization: `Bearer ${token}` } } : undefined,
      );
      const client = new RawSignalClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  send(request: SignalRequest["message"]): void {
    this.ws.send(new SignalRequest({ message: request }).toBinary());
  }

  /** Waits for a message matching `pred` (already received ones count). */
  async next<T>(what: string, pred: (m: SignalResponse) => T | undefined, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const m of this.messages) {
        const hit = pred(m);
        if (hit !== undefined) return hit;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async waitClosed(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("socket still open");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.ws.close();
  }
}
