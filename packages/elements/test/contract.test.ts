// The contract's case table at the elements' level: an attribute the backend would refuse puts
// the element in `state="error"` with an `alert-error` (and the contract's words in place) before
// anything is sent; an attribute it accepts does not (backend level:
// packages/backend/test/contract.test.ts, core level: packages/core/test/unit/contract.test.ts).
import { CATEGORY_CASES, DISPLAY_NAME_CASES, SITE_CASES, type RuleCase } from "@alertrun/contract/cases";
import { categoryProblem, displayNameProblem, siteProblem, type Problem } from "@alertrun/contract";
import { expect } from "@open-wc/testing";
import { SITE, stack, text, until } from "./helpers.js";

interface Seen {
  el: HTMLElement;
  errors: { code: string; message: string }[];
}

/** Mounts `<tag>` with `attrs`, collecting its alert-error events. */
function mount(tag: string, attrs: Record<string, string>): Seen {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const errors: Seen["errors"] = [];
  el.addEventListener("alert-error", (e) => errors.push((e as CustomEvent<{ code: string; message: string }>).detail));
  document.body.append(el);
  return { el, errors };
}

function table<I extends string>(
  label: string,
  cases: readonly RuleCase<I>[],
  problem: (input: I) => Problem | null,
  code: string,
  render: (input: I, convexUrl: string) => Seen,
) {
  describe(label, () => {
    for (const c of cases) {
      it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, async () => {
        const { convexUrl } = await stack();
        const expected = problem(c.input);
        expect(expected === null, "the contract agrees with its own table").to.equal(c.valid);
        const { el, errors } = render(c.input, convexUrl);
        try {
          if (expected) {
            await until(() => errors.length > 0, "an alert-error");
            expect(errors[0]!.code).to.equal(code);
            expect(errors[0]!.message).to.contain(expected.message);
            expect(el.getAttribute("state")).to.equal("error");
            expect(text(el)).to.contain(expected.message);
          } else {
            // Configuration is checked on the first update; give the element a few to settle.
            await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
            await new Promise((r) => setTimeout(r, 300));
            expect(errors.map((e) => e.code)).not.to.include(code);
          }
        } finally {
          el.remove();
        }
      });
    }
  });
}

table("alert-button category", CATEGORY_CASES, categoryProblem, "config/invalid-attribute", (category, convexUrl) =>
  mount("alert-button", { "convex-url": convexUrl, site: SITE, category }),
);

table("alert-feed site", SITE_CASES, siteProblem, "config/invalid-site", (site, convexUrl) =>
  mount("alert-feed", { "convex-url": convexUrl, site }),
);

table("alert-stream-viewer display-name", DISPLAY_NAME_CASES, displayNameProblem, "args/invalid", (displayName, convexUrl) =>
  mount("alert-stream-viewer", { "convex-url": convexUrl, site: SITE, latest: "", "display-name": displayName }),
);
