// Screenshots of the campus page with the page's language switched to Spanish and Arabic (the
// page's own copy stays English; AlertRun's elements follow <html lang>). Writes
// docs/screenshots/10-campus-es-*.png and 11-campus-ar-*.png. Run: `node scripts/i18n-screenshots.mjs`
// (after `node scripts/ensure-bundle.mjs`), against a fresh local stack on free ports.
import path from "node:path";
import { repoRoot, startDemo, studentContext, holdWithMouse, waitForState } from "../lib/harness.mjs";

const SHOTS = path.join(repoRoot, "docs/screenshots");
const LABEL = { es: "Mantén pulsado", ar: "اضغط مطولًا" };
const demo = await startDemo();
try {
  for (const [n, lang] of [[10, "es"], [11, "ar"]]) {
    const context = await studentContext(demo.browser);
    const page = await context.newPage();
    await page.goto(demo.url("/campus-site/"));
    await waitForState(page, "alert-button", "idle");
    await page.evaluate((lang) => {
      document.documentElement.lang = lang;
      if (lang === "ar") document.documentElement.dir = "rtl";
      // The example slots its own English label; drop it to show the element's own.
      document.querySelector("alert-button").textContent = "";
    }, lang);
    await page.waitForFunction((label) => document.querySelector("alert-button").shadowRoot.textContent.includes(label), LABEL[lang]);
    await page.screenshot({ path: path.join(SHOTS, `${n}-campus-${lang}-idle.png`) });
    await holdWithMouse(page, page.locator('alert-button [part~="button"]'), {
      until: (timeout) => waitForState(page, "alert-button", ["live"], timeout),
      timeout: 20_000,
    });
    await page.waitForTimeout(1500);
    await page.locator("alert-button").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${n}-campus-${lang}-live.png`) });
    await context.close();
  }
} finally {
  await demo.close();
}
