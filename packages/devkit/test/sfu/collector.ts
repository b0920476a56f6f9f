import { createServer, type Server } from "node:http";
import { WebhookReceiver, type WebhookEvent } from "livekit-server-sdk";
import { API_KEY, API_SECRET } from "./harness.js";

export interface Delivery {
  contentType: string | undefined;
  event: WebhookEvent;
}

/** A stand-in for the backend's /livekit/webhook: verifies each delivery as a LiveKit receiver would. */
export async function startCollector(): Promise<{ url: string; deliveries: Delivery[]; rejected: string[]; close(): Promise<void> }> {
  const receiver = new WebhookReceiver(API_KEY, API_SECRET);
  const deliveries: Delivery[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      receiver
        .receive(body, req.headers.authorization)
        .then((event) => {
          deliveries.push({ contentType: req.headers["content-type"], event });
          res.writeHead(200).end();
        })
        .catch((error: Error) => {
          rejected.push(error.message);
          res.writeHead(401).end();
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/livekit/webhook`,
    deliveries,
    rejected,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
