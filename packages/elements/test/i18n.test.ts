// Every language a campus speaks: the message layer (internal/i18n) through the real elements,
// on a live page against the devkit stack, switching `lang` at runtime.
import { expect, fixture, fixtureCleanup, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { setMessages, type AlertButton, type AlertFeed, type AlertStreamViewer } from "../src/index.js";
import { LocalizeController } from "../src/internal/i18n/localize-controller.js";
import { loadPostPressViews } from "../src/alert-button/views-loader.js";
import { categoryProblem } from "@alertrun/contract";
import { SITE, endAlert, inner, nextEvent, signedInClient, stack, startLiveAlert, text, until, untilState } from "./helpers.js";

/** A bare host for the controller, so plurals are checked without a backend. */
class I18nProbe extends LitElement {
  readonly i18n = new LocalizeController(this);
}
customElements.define("i18n-probe", I18nProbe);

const LANGS = ["en", "es", "fr", "ar"] as const;

/** Every visible text and accessible name in an element's shadow tree (and Leaflet's controls). */
function strings(el: Element): string[] {
  const out: string[] = [];
  const walk = (root: Node) => {
    for (const node of Array.from(root.childNodes)) {
      if (node.nodeType === Node.TEXT_NODE) {
        const t = node.textContent!.replace(/\s+/g, " ").trim();
        if (t) out.push(t);
      } else if (node instanceof Element && node.localName !== "style") {
        for (const name of ["aria-label", "placeholder", "title", "alt"]) {
          const v = node.getAttribute(name);
          if (v) out.push(v);
        }
        walk(node);
      }
    }
  };
  walk(el.shadowRoot!);
  return out;
}

/** Language strings: at least one word (unit symbols like "m", digits and times are the same everywhere). */
const wordy = (s: string) => /\p{L}{2,}/u.test(s);

/** Switches the wrapper's `lang` and waits until none of the English strings is left anywhere. */
async function switchTo(wrapper: HTMLElement, lang: string, elements: Element[], english: Map<Element, string[]>, data: string[]) {
  wrapper.setAttribute("lang", lang);
  const leftovers = () =>
    elements.flatMap((el) => {
      const now = new Set(strings(el));
      return english.get(el)!.filter((s) => now.has(s) && !data.includes(s)).map((s) => `<${el.localName}> "${s}"`);
    });
  try {
    await until(() => leftovers().length === 0, `no English left in ${lang}`, 10_000);
  } catch {
    throw new Error(`English left in ${lang}: ${leftovers().join(", ")}`);
  }
}

function snapshot(elements: Element[]): Map<Element, string[]> {
  return new Map(elements.map((el) => [el, strings(el).filter(wordy)]));
}

describe("i18n: plurals, relative times and durations", () => {
  afterEach(() => fixtureCleanup());

  it("picks the right plural form for 0, 1, 2 and 5 in en, es, fr and ar", async () => {
    // "watching" is the button's live view's text: its English arrives with that view's chunk.
    await loadPostPressViews();
    const probe = await fixture<I18nProbe>(html`<i18n-probe lang="en"></i18n-probe>`);
    const n = (lang: string, x: number) => new Intl.NumberFormat(lang).format(x);
    const expected: Record<(typeof LANGS)[number], { viewers: string[]; watching: string[] }> = {
      en: { viewers: ["0 viewers", "1 viewer", "2 viewers", "5 viewers"], watching: ["0 people watching", "1 person watching", "2 people watching", "5 people watching"] },
      es: {
        viewers: ["0 espectadores", "1 espectador", "2 espectadores", "5 espectadores"],
        watching: ["0 personas mirando", "1 persona mirando", "2 personas mirando", "5 personas mirando"],
      },
      fr: {
        // French counts zero as singular.
        viewers: ["0 spectateur", "1 spectateur", "2 spectateurs", "5 spectateurs"],
        watching: ["0 personne regarde", "1 personne regarde", "2 personnes regardent", "5 personnes regardent"],
      },
      ar: {
        // Arabic has a form each for zero, one, two and a few (3-10).
        viewers: ["لا مشاهدين", "مشاهد واحد", "مشاهدان", `${n("ar", 5)} مشاهدين`],
        watching: ["لا أحد يشاهد", "شخص واحد يشاهد", "شخصان يشاهدان", `${n("ar", 5)} أشخاص يشاهدون`],
      },
    };
    for (const lang of LANGS) {
      probe.setAttribute("lang", lang);
      await until(() => probe.i18n.t("viewers", { count: 2 }) === expected[lang].viewers[2], `${lang} messages loaded`);
      for (const key of ["viewers", "watching"] as const) {
        const got = [0, 1, 2, 5].map((count) => probe.i18n.t(key, { count }));
        expect(got, `${lang} ${key}`).to.deep.equal(expected[lang][key]);
      }
    }
  });

  it("formats relative times and spoken durations with Intl in the element's language", async () => {
    const probe = await fixture<I18nProbe>(html`<i18n-probe lang="es"></i18n-probe>`);
    await until(() => probe.i18n.t("justNow") === "ahora mismo", "es loaded");
    const now = Date.now();
    expect(probe.i18n.ago(now - 3 * 60_000, now)).to.equal(new Intl.RelativeTimeFormat("es", { style: "short" }).format(-3, "minute"));
    expect(probe.i18n.ago(now - 10_000, now)).to.equal("ahora mismo");
    expect(probe.i18n.duration(125)).to.match(/^2\s+minutos 5\s+segundos$/u);
    probe.setAttribute("lang", "fr");
    await until(() => probe.i18n.lang === "fr", "fr");
    expect(probe.i18n.duration(1)).to.match(/^1\s+seconde$/u);
  });
});

describe("i18n: formatters are built while the page is idle", () => {
  afterEach(() => fixtureCleanup());

  it("a render that shows durations and counts builds no Intl formatter of its own", async () => {
    // A language no other test uses, so nothing is cached from earlier tests.
    const probe = await fixture<I18nProbe>(html`<i18n-probe lang="de-at"></i18n-probe>`);
    await new Promise<void>((resolve) => requestIdleCallback(() => setTimeout(resolve, 50), { timeout: 4000 }));
    let built = 0;
    const { NumberFormat, PluralRules, RelativeTimeFormat } = Intl;
    const counting = <T extends abstract new (...args: never[]) => unknown>(Base: T): T =>
      new Proxy(Base, {
        construct(target, args, newTarget) {
          built++;
          return Reflect.construct(target, args, newTarget) as object;
        },
      });
    Object.assign(Intl, { NumberFormat: counting(NumberFormat), PluralRules: counting(PluralRules), RelativeTimeFormat: counting(RelativeTimeFormat) });
    try {
      probe.i18n.duration(125);
      probe.i18n.ago(Date.now() - 5 * 60_000, Date.now());
      probe.i18n.t("viewers", { count: 3 });
    } finally {
      Object.assign(Intl, { NumberFormat, PluralRules, RelativeTimeFormat });
    }
    expect(built).to.equal(0);
  });
});

describe("i18n: where the language comes from", () => {
  afterEach(() => {
    fixtureCleanup();
    document.documentElement.setAttribute("lang", "en");
  });

  it("uses the element's lang, else the nearest ancestor's, else <html lang>, following changes", async () => {
    const { convexUrl } = await stack();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><section><alert-feed convex-url=${convexUrl} site=${SITE}></alert-feed></section></div>`,
    );
    const feed = wrapper.querySelector("alert-feed")!;
    const heading = () => inner(feed, "[part~='heading']")!.textContent!.trim();
    await untilState(feed, "ready");
    expect(heading()).to.equal("Active alerts");
    document.documentElement.setAttribute("lang", "fr-CA");
    await until(() => heading() === "Alertes en cours", "<html lang> followed");
    wrapper.setAttribute("lang", "es");
    await until(() => heading() === "Alertas activas", "ancestor lang followed");
    feed.setAttribute("lang", "ar");
    await until(() => heading() === "التنبيهات النشطة", "own lang followed");
    expect(feed.getAttribute("dir")).to.equal("rtl");
    feed.removeAttribute("lang");
    await until(() => heading() === "Alertas activas", "back to the ancestor");
    expect(feed.hasAttribute("dir")).to.equal(false);
    // A lang AlertRun does not ship (or an invalid tag) reads English; nothing throws.
    wrapper.setAttribute("lang", "not a tag!");
    await until(() => heading() === "Active alerts", "unknown language falls back to English");
  });

  it("shares one MutationObserver among all elements", async () => {
    const Original = window.MutationObserver;
    let created = 0;
    window.MutationObserver = class extends Original {
      constructor(callback: MutationCallback) {
        super(callback);
        created++;
      }
    };
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      for (let i = 0; i < 20; i++) wrapper.append(document.createElement("i18n-probe"));
      await Promise.all(Array.from(wrapper.children, (el) => (el as I18nProbe).updateComplete));
      expect(created).to.be.at.most(1);
    } finally {
      window.MutationObserver = Original;
    }
  });

  it("lets the page override any message, per language or region", async () => {
    const { convexUrl } = await stack();
    setMessages("en-x-campus", {
      holdLabel: "Call Public Safety",
      holdHint: { one: "Hold {count} second to reach Public Safety.", other: "Hold {count} seconds to reach Public Safety." },
    });
    const el = await fixture<AlertButton>(html`<alert-button lang="en-x-campus" convex-url=${convexUrl} site=${SITE} hold="2000"></alert-button>`);
    await untilState(el, "idle");
    await until(() => text(el).includes("Call Public Safety"), "overridden label");
    expect(inner(el, "[part~='hint']")!.textContent!.trim()).to.equal("Hold 2 seconds to reach Public Safety.");
    // A plain `en` element keeps AlertRun's text.
    el.setAttribute("lang", "en");
    await until(() => text(el).includes("Hold for help"), "default label back");
  });
});

describe("i18n: category in any script", () => {
  afterEach(() => fixtureCleanup());

  it("accepts Unicode categories as the backend does, refusing control and bidi control characters", () => {
    for (const ok of ["médical", "طبي", "医疗", "é".repeat(60), "medical"]) expect(categoryProblem(ok), ok).to.equal(null);
    for (const bad of ["", "   ", "é".repeat(61), "a\u0007b", "\u202emedical", "med\u2066ical", "x\u200f"]) {
      expect(categoryProblem(bad)?.code, JSON.stringify(bad)).to.equal("args/invalid");
    }
  });

  it('raises an alert with category="médical" end to end', async () => {
    const { convexUrl } = await stack();
    const container = await fixture<HTMLDivElement>(html`<div lang="fr"></div>`);
    const feed = document.createElement("alert-feed") as AlertFeed;
    feed.setAttribute("convex-url", convexUrl);
    feed.setAttribute("site", SITE);
    container.append(feed);
    await untilState(feed, "ready");
    const { button, alertId } = await startLiveAlert(container, { category: "médical" });
    const listed = await until(() => feed.alerts.find((a) => a.alertId === alertId), "the alert in the feed");
    expect(listed.category).to.equal("médical");
    await until(() => inner(feed, `[data-alert-id='${alertId}'] [part~='category']`)?.textContent === "Médical", "shown as given");
    await endAlert(button);
  });
});

describe("i18n: a live page in en, es, fr and ar", () => {
  afterEach(() => fixtureCleanup());

  it("translates every visible string and ARIA label of all five elements, and lays out ar right to left", async () => {
    const { convexUrl } = await stack();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en">
      <alert-provider convex-url=${convexUrl} site=${SITE}>
        <alert-button hold="200" category="medical"></alert-button>
        <alert-stream-viewer latest display-name="Dana"></alert-stream-viewer>
        <alert-feed></alert-feed>
        <alert-map tile-url="none"></alert-map>
      </alert-provider>
    </div>`);
    const provider = wrapper.querySelector("alert-provider")!;
    const button = wrapper.querySelector("alert-button")! as AlertButton;
    const viewer = wrapper.querySelector<AlertStreamViewer>("alert-stream-viewer")!;
    const feed = wrapper.querySelector("alert-feed")!;
    const map = wrapper.querySelector("alert-map")!;
    const elements = [button, viewer, feed, map];
    // Dana is a signed-in responder (trust model: only responders acknowledge and write), so the
    // viewer shows all its strings; the button stays the provider's anonymous reporter.
    viewer.client = await signedInClient("dana", "Dana", "responder");
    await untilState(button, "idle");
    await untilState(feed, "ready");
    await untilState(map, "ready");
    // The provider renders only its slot: nothing of its own to translate.
    expect(strings(provider)).to.deep.equal([]);

    // 1. Nothing happening yet.
    let english = snapshot(elements);
    for (const lang of ["es", "fr", "ar", "en"]) await switchTo(wrapper, lang, elements, lang === "en" ? new Map(elements.map((e) => [e, []])) : english, []);
    english = snapshot(elements);
    expect(english.get(button)).to.include("Hold for help");

    // 2. A live alert, watched, with a message from the responder.
    const live = nextEvent<CustomEvent>(button, "alert-live", 30_000);
    inner<HTMLButtonElement>(button, "[part~='button']")!.focus();
    const { sendKeys } = await import("@web/test-runner-commands");
    await sendKeys({ down: "Enter" });
    await new Promise((r) => setTimeout(r, 400));
    await sendKeys({ up: "Enter" });
    await live;
    await untilState(viewer, "live", 30_000);
    await until(() => inner(map, "[part~='item']"), "the alert on the map");
    // The element draws its own zoom buttons (Leaflet's control writes innerHTML; strict CSP).
    await until(() => inner(map, "[part~='zoom-button']"), "zoom control");
    await until(() => text(button).includes("1 person watching"), "the viewer counted");
    const input = inner<HTMLInputElement>(viewer, "[part~='chat-input']")!;
    input.value = "hola";
    inner<HTMLButtonElement>(viewer, "[part~='chat-send']")!.click();
    await until(() => text(button).includes("Dana: hola"), "the message on the button");
    await until(() => text(button).includes("Sharing your location"), "location shared");
    english = snapshot(elements);
    // Data, and "Dana:" (the name and a colon: the same in Spanish and Arabic).
    const data = ["Dana", "hola", "Dana:"];
    for (const label of ["Your alert", "Chat with responders", "Live video: Medical alert", "Acknowledge", "Map of active alerts", "Zoom in", "Type a message"]) {
      expect([...english.values()].flat(), label).to.include(label);
    }
    for (const lang of ["es", "fr", "ar"]) {
      await switchTo(wrapper, lang, elements, english, data);
      if (lang === "es") {
        expect(text(button)).to.contain("1 persona mirando");
        expect(text(button)).to.contain("Dana: hola");
      }
    }

    // 3. Arabic lays out right to left: text, the hold ring, chat.
    for (const el of elements) {
      expect(el.getAttribute("dir"), el.localName).to.equal("rtl");
      expect(getComputedStyle(inner(el, "[part~='base']")!).direction, el.localName).to.equal("rtl");
    }
    const chatInput = inner(button, "[part~='chat-input']")!.getBoundingClientRect();
    const chatSend = inner(button, "[part~='chat-send']")!.getBoundingClientRect();
    expect(chatSend.right, "send button left of the input").to.be.at.most(chatInput.left + 1);
    expect(getComputedStyle(inner(viewer, "[part~='chat'] .chat-log")!).direction).to.equal("rtl");
    for (const el of elements) await expect(el).to.be.accessible();

    // 4. The end confirmation and the ended view, in Arabic, then back in English.
    wrapper.setAttribute("lang", "en");
    await until(() => text(button).includes("End alert"), "back in English");
    inner<HTMLButtonElement>(button, "[part~='end-button']")!.click();
    await until(() => inner(button, "[part~='confirm']"), "confirm box");
    const confirmEnglish = new Map([[button as Element, strings(button).filter(wordy)]]);
    await switchTo(wrapper, "ar", [button], confirmEnglish, data);
    inner<HTMLButtonElement>(button, "[part~='confirm-end']")!.click();
    await untilState(button, "ended");
    wrapper.setAttribute("lang", "en");
    await until(() => text(button).includes("Done"), "ended view in English");
    const endedEnglish = new Map([[button as Element, strings(button).filter(wordy)]]);
    await switchTo(wrapper, "fr", [button], endedEnglish, data);
    expect(text(button)).to.contain("Vous avez terminé l’alerte.");
    await endAlert(button);
  });
});

describe("i18n: the hold ring right to left", () => {
  afterEach(() => fixtureCleanup());

  it("mirrors the ring in rtl so it fills counter-clockwise", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button dir="rtl" convex-url=${convexUrl} site=${SITE}></alert-button>`);
    await untilState(el, "idle");
    const ltr = await fixture<AlertButton>(html`<alert-button dir="ltr" convex-url=${convexUrl} site=${SITE}></alert-button>`);
    await untilState(ltr, "idle");
    const matrix = (b: Element) => new DOMMatrix(getComputedStyle(inner(b, "[part~='ring']")!).transform);
    // rotate(-90deg) is (a, b, c, d) = (0, -1, 1, 0); mirrored, the x axis is negated: c = -1.
    expect(Math.round(matrix(ltr).c)).to.equal(1);
    expect(Math.round(matrix(el).c)).to.equal(-1);
    // The page's own dir on the element is left alone.
    el.setAttribute("lang", "en");
    await el.updateComplete;
    expect(el.getAttribute("dir")).to.equal("rtl");
  });
});
