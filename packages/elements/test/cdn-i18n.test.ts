// The script-tag bundle loads a language's messages as a lazy chunk, only when a page needs it.
import { expect } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import { SITE, pageEval, stack } from "./helpers.js";

const CDN = "/__alertrun/cdn/alertrun.js";

describe("the CDN bundle's languages", () => {
  let id: number | null = null;
  after(async () => {
    if (id !== null) await executeServerCommand("alertrun:page-close", { id });
  });

  it("renders Spanish from a lazy es chunk and loads no other language", async () => {
    const { convexUrl } = await stack();
    id = (await executeServerCommand("alertrun:page-open", {
      html:
        `<!doctype html><html lang="es"><head><meta charset="utf-8"><script type="module" src="${CDN}"></script></head>` +
        `<body><alert-button convex-url="${convexUrl}" site="${SITE}"></alert-button></body></html>`,
    })) as number;
    const deadline = Date.now() + 20_000;
    let shown = "";
    while (Date.now() < deadline && !shown.includes("Mantén pulsado")) {
      shown = await pageEval<string>(id, `return document.querySelector("alert-button")?.shadowRoot?.textContent ?? "";`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(shown).to.contain("Mantén pulsado para pedir ayuda");
    const chunks = await pageEval<string[]>(id, `return performance.getEntriesByType("resource").map((e) => e.name.split("/").pop());`);
    expect(chunks.some((n) => /^es-.*\.js$/.test(n)), chunks.join(", ")).to.equal(true);
    expect(chunks.some((n) => /^(fr|ar)-.*\.js$/.test(n)), chunks.join(", ")).to.equal(false);
  });
});
