// Bundled by browser.test.ts with esbuild and loaded in headless Chromium: the browser build of
// convex/browser talking to the dev backend across origins.
import { ConvexClient, ConvexHttpClient } from "convex/browser";

type Alert = { alertId: string };
const url = new URLSearchParams(location.search).get("convex")!;
const client = new ConvexClient(url);
const seen: Alert[][] = [];
client.onUpdate("alerts:active" as never, { site: "demo" } as never, (v: unknown) => seen.push(v as Alert[]));

Object.assign(window, {
  seen,
  start: async (clientRequestId: string) => await client.mutation("alerts:start" as never, { site: "demo", clientRequestId } as never),
  httpSite: async () => await new ConvexHttpClient(url).query("sites:get" as never, { site: "demo" } as never),
});
