/**
 * Leaflet under Trusted Types.
 *
 * Pages that enforce Trusted Types (`require-trusted-types-for 'script'`) refuse every plain
 * string written to `innerHTML`. The map never asks Leaflet for markup (no popups, divIcons,
 * string tooltips, or Leaflet's own zoom and attribution controls, which the element draws
 * itself), but Leaflet 1.9 probes the browser while its module is evaluated by writing two
 * constant strings to a fresh `<div>`'s `innerHTML` (`"<svg/>"`, and a VML shape where SVG is
 * missing). Under enforcement that throws and the module never loads.
 *
 * So, only while Leaflet's module is being imported, writes of exactly those constants to a
 * `<div>` go through one named policy, {@link LEAFLET_POLICY_NAME}. Every other write is passed
 * on unchanged (and judged by the page's own rules), and the patch is removed as soon as the
 * import settles. Integrators who list allowed policies (`trusted-types ...`) add this name;
 * see docs/security.md.
 */

/** The only Trusted Types policy AlertRun creates (Lit creates its own, `lit-html`). */
export const LEAFLET_POLICY_NAME = "alertrun-leaflet";

/** The exact strings Leaflet writes while it probes the browser; nothing else is let through. */
const LEAFLET_PROBES: ReadonlySet<string> = new Set(["<svg/>", '<v:shape adj="1"/>']);

interface HtmlPolicy {
  createHTML(input: string): unknown;
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createHTML: (input: string) => string }): HtmlPolicy;
}

let policy: HtmlPolicy | null | undefined;

/** The policy, created once; null where Trusted Types are missing or the page forbids the name. */
function leafletPolicy(): HtmlPolicy | null {
  if (policy !== undefined) return policy;
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  try {
    policy = factory
      ? factory.createPolicy(LEAFLET_POLICY_NAME, {
          createHTML: (input) => {
            if (!LEAFLET_PROBES.has(input)) throw new TypeError(`${LEAFLET_POLICY_NAME} only admits Leaflet's feature probes.`);
            return input;
          },
        })
      : null;
  } catch {
    // The page's `trusted-types` directive does not list the name (or it exists already).
    policy = null;
  }
  return policy;
}

/** Whether the last import failed because the page did not admit the policy. */
export function leafletPolicyRefused(): boolean {
  return policy === null && "trustedTypes" in globalThis;
}

/**
 * Runs `load` (the dynamic import of Leaflet) with the probe writes admitted through the
 * policy. Safe to call where Trusted Types do not exist: then `load` simply runs.
 */
export async function withLeafletProbes<T>(load: () => Promise<T>): Promise<T> {
  const restore = admitProbes();
  try {
    return await load();
  } finally {
    restore();
  }
}

function admitProbes(): () => void {
  const trusted = leafletPolicy();
  const inherited = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  const target = globalThis.HTMLDivElement?.prototype;
  // Someone else already defines it on <div>: leave their definition alone.
  if (!trusted || !inherited?.set || !inherited.get || !target || Object.prototype.hasOwnProperty.call(target, "innerHTML")) {
    return () => undefined;
  }
  const { get, set } = inherited;
  Object.defineProperty(target, "innerHTML", {
    configurable: true,
    enumerable: inherited.enumerable ?? false,
    get(this: Element) {
      return get.call(this);
    },
    set(this: Element, value: unknown) {
      set.call(this, typeof value === "string" && LEAFLET_PROBES.has(value) ? trusted.createHTML(value) : value);
    },
  });
  return () => {
    delete (target as { innerHTML?: unknown }).innerHTML;
  };
}
