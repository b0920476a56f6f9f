// A bare WebSocket speaking the sync protocol by hand, for frames a real client never sends.
import WebSocket from "ws";

export interface RawSocket {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  send(msg: unknown): void;
  sendText(text: string): void;
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number }>;
}

export async function openRaw(url: string): Promise<RawSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/1.48.0/sync`);
  const messages: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  ws.on("message", (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on("close", (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let seen = 0;
  return {
    ws,
    messages,
    closed,
    send: (msg) => ws.send(JSON.stringify(msg)),
    sendText: (text) => ws.send(text),
    next(type, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (seen < messages.length) {
            const m = messages[seen++]!;
            if (m.type === type) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve(m);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No ${type} within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export const connectMessage = (sessionId = crypto.randomUUID()) => ({
  type: "Connect",
  sessionId,
  connectionCount: 0,
  lastCloseReason: null,
  clientTs: Date.now(),
});
