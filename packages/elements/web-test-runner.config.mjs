// Browser tests of @alertrun/elements: sources (not dist/) in headless Chromium with fake camera
// and microphone and a fixed geolocation, against the devkit's local stack (test/harness).
import { fileURLToPath } from "node:url";
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { playwrightLauncher } from "@web/test-runner-playwright";
import { alertrunStackPlugin } from "./test/harness/stack-plugin.mjs";
import { cssAsTextPlugin } from "./test/harness/css-plugin.mjs";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  // Tests never reach the internet: every host but loopback fails to resolve (so the map's
  // default OpenStreetMap tiles fail, which is the "tiles unavailable" path under test).
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

export default {
  // Serve from the repository root so the built CDN bundle (packages/alertrun/dist) is reachable.
  rootDir: fileURLToPath(new URL("../..", import.meta.url)),
  hostname: "127.0.0.1",
  files: ["test/**/*.test.ts"],
  nodeResolve: { exportConditions: ["development", "browser"] },
  plugins: [
    cssAsTextPlugin(),
    esbuildPlugin({ ts: true, target: "es2022", tsconfig: fileURLToPath(new URL("./test/harness/tsconfig.esbuild.json", import.meta.url)) }),
    alertrunStackPlugin(),
  ],
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 40_000 } },
  browsers: [
    playwrightLauncher({
      product: "chromium",
      launchOptions: { executablePath: "/usr/bin/chromium", headless: true, args: ARGS },
      createBrowserContext: ({ browser }) =>
        browser.newContext({
          permissions: ["camera", "microphone", "geolocation"],
          geolocation: { latitude: 40.7128, longitude: -74.006, accuracy: 10 },
        }),
    }),
  ],
};
