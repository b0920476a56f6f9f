// Browser tests of @alertrun/elements: sources (not dist/) in headless Chromium with fake camera
// and microphone and a fixed geolocation, against the devkit's local stack (test/harness).
import { fileURLToPath } from "node:url";
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { playwrightLauncher } from "@web/test-runner-playwright";
import { alertrunStackPlugin } from "./test/harness/stack-plugin.mjs";
import { cssAsTextPlugin } from "./test/harness/css-plugin.mjs";
import { cdnPlugin } from "./test/harness/cdn-plugin.mjs";

const BASE_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  // Tests never reach the internet: every host but loopback fails to resolve (so the map's
  // default OpenStreetMap tiles fail, which is the "tiles unavailable" path under test).
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

const GEOLOCATION = { latitude: 40.7128, longitude: -74.006, accuracy: 10 };

/**
 * `fakeUi` auto-accepts camera/microphone prompts; the camera-denied group leaves it out so a
 * permission missing from the context is a real refusal.
 */
function chromium({ permissions, fakeUi }) {
  return playwrightLauncher({
    product: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: fakeUi ? [...BASE_ARGS, "--use-fake-ui-for-media-stream"] : BASE_ARGS,
    },
    createBrowserContext: ({ browser }) => browser.newContext({ permissions, geolocation: GEOLOCATION }),
  });
}

// `ALERTRUN_TEST_FILES=test/a.test.ts,test/b.test.ts` runs only those files (their groups).
const only = process.env.ALERTRUN_TEST_FILES?.split(",").filter(Boolean);
const pick = (files, accept) => (only ? only.filter(accept) : files);
const isCameraDenied = (f) => f.endsWith("camera-denied.test.ts");

export default {
  // Serve from the repository root: the sources import across packages (core, devkit).
  rootDir: fileURLToPath(new URL("../..", import.meta.url)),
  hostname: "127.0.0.1",
  nodeResolve: { exportConditions: ["@alertrun/source", "browser"] },
  plugins: [
    cdnPlugin(),
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
  groups: [
    {
      name: "elements",
      files: pick(["test/**/*.test.ts", "!test/camera-denied.test.ts"], (f) => !isCameraDenied(f)),
      browsers: [chromium({ permissions: ["camera", "microphone", "geolocation"], fakeUi: true })],
    },
    {
      name: "camera-denied",
      files: pick(["test/camera-denied.test.ts"], isCameraDenied),
      browsers: [chromium({ permissions: ["microphone", "geolocation"], fakeUi: false })],
    },
  ].filter((group) => group.files.length > 0),
};
