// Browser integration tests of @alertrun/core: the real convex/browser and livekit-client in
// headless Chromium (fake camera and microphone, geolocation set through the browser context)
// against the devkit's local stack, started once by alertrunStackPlugin.
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { playwrightLauncher } from "@web/test-runner-playwright";
import { alertrunStackPlugin } from "./test/harness/stack-plugin.mjs";

const BASE_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
];
const GEOLOCATION = { latitude: 40.7128, longitude: -74.006, accuracy: 10 };

function chromium({ permissions, fakeUi }) {
  return playwrightLauncher({
    product: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      // --use-fake-ui-for-media-stream accepts every camera/microphone prompt whatever the context
      // grants; the camera-denied group leaves it out so the missing grant is a real denial.
      args: fakeUi ? [...BASE_ARGS, "--use-fake-ui-for-media-stream"] : BASE_ARGS,
    },
    createBrowserContext: ({ browser }) => browser.newContext({ permissions, geolocation: GEOLOCATION }),
  });
}

// `ALERTRUN_TEST_FILES=test/browser/a.test.ts,test/browser/b.test.ts` runs only those files.
const only = process.env.ALERTRUN_TEST_FILES?.split(",").filter(Boolean);
const isCameraDenied = (f) => f.endsWith("camera-denied.test.ts") || f.endsWith("liveness.test.ts");

export default {
  nodeResolve: { exportConditions: ["@alertrun/source", "browser"] },
  plugins: [esbuildPlugin({ ts: true, target: "es2022" }), alertrunStackPlugin()],
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 45_000 } },
  groups: [
    {
      name: "flows",
      files: only ? only.filter((f) => !isCameraDenied(f)) : ["test/browser/*.test.ts", "!test/browser/camera-denied.test.ts", "!test/browser/liveness.test.ts"],
      browsers: [chromium({ permissions: ["camera", "microphone", "geolocation"], fakeUi: true })],
    },
    {
      name: "camera-denied",
      files: only ? only.filter(isCameraDenied) : ["test/browser/camera-denied.test.ts", "test/browser/liveness.test.ts"],
      browsers: [chromium({ permissions: ["microphone", "geolocation"], fakeUi: false })],
    },
  ].filter((group) => group.files.length > 0),
};
