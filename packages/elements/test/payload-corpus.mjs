// Hostile strings for every field that reaches a screen (category, display names, chat text, end
// reason, site name). Shared by the elements' browser test and the example dashboard's e2e test.
//
// Each payload that would create an element marks it with `pwnmark`, and each script it would
// run counts in `window.pwnCount`: after rendering, hovering and clicking everything, both must be
// absent. The 10 KB and bidi entries check that long and direction-changing text stays text.

const RUN = "window.pwnCount=(window.pwnCount||0)+1";

export const PAYLOADS = [
  `<script pwnmark>${RUN}</script>`,
  `<img pwnmark src=x onerror="${RUN}">`,
  `"><svg pwnmark onload="${RUN}"><circle r="40"></circle></svg>`,
  `'><iframe pwnmark srcdoc="<script>parent.pwnCount=1</script>"></iframe>`,
  `<a pwnmark href="javascript:${RUN}">open</a>`,
  `javascript:${RUN}`,
  `<details pwnmark open ontoggle="${RUN}">x</details>`,
  `<style pwnmark>*{display:none!important}</style>`,
  `\u202Egnp.exe\u202C \u2066bidi\u2069 <b pwnmark>bold</b>`,
  `<img pwnmark src=x onerror="${RUN}">` + "A".repeat(10_240),
];

/**
 * Walks the document and every open shadow root for anything a payload created. Self-contained,
 * so Playwright's `page.evaluate` can run it too.
 */
export function scanForInjected() {
  const found = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const href = el.getAttribute("href") ?? el.getAttribute("xlink:href") ?? "";
      if (el.hasAttribute("pwnmark") || /^\s*javascript:/i.test(href)) found.push(el.outerHTML.slice(0, 120));
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return { found, pwned: window.pwnCount ?? 0 };
}
