import { expect, fixture, html } from "@open-wc/testing";
import { emulateMedia, resetMouse, sendKeys, sendMouse, setViewport } from "@web/test-runner-commands";
import { AlertButton } from "../src/index.js";
import { SITE, command, inner, nextEvent, stack, text, until, untilState } from "./helpers.js";

const button = (el: Element) => inner<HTMLButtonElement>(el, "[part~='button']")!;

async function holdKey(el: AlertButton, key: "Space" | "Enter", ms: number): Promise<void> {
  button(el).focus();
  await sendKeys({ down: key });
  await new Promise((r) => setTimeout(r, ms));
  await sendKeys({ up: key });
}

describe("<alert-button> without a backend", () => {
  afterEach(() => resetMouse());

  it("reports a missing convex-url in place, with state=error and alert-error", async () => {
    const error = nextEvent<CustomEvent>(document, "alert-error");
    const el = await fixture<AlertButton>(html`<alert-button site="demo"></alert-button>`);
    const event = await error;
    expect(event.detail.code).to.equal("config/missing-convex-url");
    expect(event.composed && event.bubbles).to.equal(true);
    expect(el.getAttribute("state")).to.equal("error");
    const message = inner(el, "[part~='error']")!;
    expect(message.getAttribute("role")).to.equal("alert");
    expect(message.textContent).to.contain("convex-url");
  });

  it("rejects bad attribute values without throwing", async () => {
    for (const [attrs, code] of [
      [{ hold: "soon" }, "config/invalid-attribute"],
      [{ hold: "-5" }, "config/invalid-attribute"],
      [{ category: "\u202emedical" }, "config/invalid-attribute"],
      [{ category: "x".repeat(61) }, "config/invalid-attribute"],
      [{ "convex-url": "not a url" }, "config/invalid-url"],
      [{ "convex-url": "ftp://example.test" }, "config/invalid-url"],
    ] as const) {
      const el = document.createElement("alert-button");
      el.setAttribute("site", SITE);
      if (!("convex-url" in attrs)) el.setAttribute("convex-url", "http://127.0.0.1:9");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      const error = nextEvent<CustomEvent>(el, "alert-error");
      document.body.append(el);
      expect((await error).detail.code, JSON.stringify(attrs)).to.equal(code);
      expect(el.getAttribute("state")).to.equal("error");
      expect(text(el)).to.match(/must|URL/);
      el.remove();
    }
  });

  it("reports a site the backend does not know", async () => {
    const { convexUrl } = await stack();
    const error = nextEvent<CustomEvent>(document, "alert-error");
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site="no-such-site"></alert-button>`);
    expect((await error).detail.code).to.equal("config/unknown-site");
    expect(el.getAttribute("state")).to.equal("error");
    expect(text(el)).to.contain("no-such-site");
  });

  it("recovers when a bad attribute is corrected", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site="demo" hold="x"></alert-button>`);
    await untilState(el, "error");
    el.setAttribute("hold", "800");
    await untilState(el, "idle");
    expect(button(el)).to.exist;
  });

  it("renders an accessible idle button and goes idle → holding → idle on an early release", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(
      html`<alert-button convex-url=${convexUrl} site="demo" hold="3000"></alert-button>`,
    );
    expect(el.getAttribute("state")).to.equal("idle");
    expect(button(el).textContent).to.contain("Hold for help");
    expect(inner(el, "[part~='hint']")!.textContent).to.contain("3 seconds");
    await expect(el).to.be.accessible();

    let started = false;
    el.addEventListener("alert-started", () => (started = true));
    button(el).focus();
    await sendKeys({ down: "Space" });
    await untilState(el, "holding");
    await until(() => inner(el, ".ring-progress")?.getAttribute("visibility") === "visible", "progress ring shown");
    await sendKeys({ up: "Space" });
    await untilState(el, "idle");
    expect(text(el)).to.contain("No alert was sent");

    // The pointer (mouse/touch) path: press, let go early.
    const box = button(el).getBoundingClientRect();
    await sendMouse({ type: "move", position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await sendMouse({ type: "down" });
    await untilState(el, "holding");
    await sendMouse({ type: "up" });
    await untilState(el, "idle");
    expect(started).to.equal(false);
  });

  it("keeps the host page's styles out of the shadow root", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site="demo"></alert-button>`);
    const read = () => {
      const s = getComputedStyle(button(el));
      const label = getComputedStyle(inner(el, ".label")!);
      return [s.backgroundColor, s.borderRadius, s.width, label.color, label.fontFamily, label.fontSize, label.letterSpacing, label.textTransform].join("|");
    };
    const before = read();
    const hostile = document.createElement("style");
    hostile.textContent = `
      * { color: lime !important; font-family: "Comic Sans MS", cursive !important; font-size: 40px !important;
          letter-spacing: 12px !important; text-transform: uppercase !important; line-height: 3 !important; }
      button, .hold, [part] { background: lime !important; border-radius: 0 !important; width: 10px !important; }
      html { font-size: 5px !important; }
    `;
    document.head.append(hostile);
    try {
      expect(read()).to.equal(before);
    } finally {
      hostile.remove();
    }
  });

  it("takes its danger color from --alertrun-color-danger", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site="demo"></alert-button>`);
    const defaultColor = getComputedStyle(button(el)).backgroundColor;
    el.style.setProperty("--alertrun-color-danger", "rgb(0, 90, 0)");
    expect(getComputedStyle(button(el)).backgroundColor).to.equal("rgb(0, 90, 0)");
    expect(defaultColor).to.not.equal("rgb(0, 90, 0)");
    // Set on a page ancestor, it reaches the element too.
    el.style.removeProperty("--alertrun-color-danger");
    document.documentElement.style.setProperty("--alertrun-color-danger", "rgb(0, 0, 120)");
    try {
      expect(getComputedStyle(button(el)).backgroundColor).to.equal("rgb(0, 0, 120)");
    } finally {
      document.documentElement.style.removeProperty("--alertrun-color-danger");
    }
  });

  it("follows the dark color scheme and reduced motion, and fits a 360 px screen", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site="demo"></alert-button>`);
    const hint = inner(el, "[part~='hint']")!;
    const light = getComputedStyle(hint).color;
    await emulateMedia({ colorScheme: "dark" });
    try {
      expect(getComputedStyle(hint).color).to.not.equal(light);
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: "light" });
    }
    expect(getComputedStyle(button(el)).transitionDuration).to.equal("0.12s");
    await emulateMedia({ reducedMotion: "reduce" });
    try {
      expect(parseFloat(getComputedStyle(button(el)).transitionDuration)).to.be.below(0.001);
    } finally {
      await emulateMedia({ reducedMotion: "no-preference" });
    }
    await setViewport({ width: 360, height: 640 });
    try {
      const box = button(el).getBoundingClientRect();
      expect(box.right).to.be.at.most(360);
      expect(box.width).to.be.at.least(120);
      expect(el.scrollWidth).to.be.at.most(360);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it("registers idempotently and survives a version clash", async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      expect(() => AlertButton.define("alert-button")).to.not.throw();
      await import("../src/define.js");
      expect(customElements.get("alert-button")).to.equal(AlertButton);
      expect(warnings).to.have.length(0);
      // Another copy (another version) already owns the tag: warn, do not throw.
      class OtherCopy extends HTMLElement {
        static alertrunVersion = "99.0.0";
      }
      customElements.define("alert-button-clash", OtherCopy);
      expect(() => AlertButton.define("alert-button-clash")).to.not.throw();
      expect(customElements.get("alert-button-clash")).to.equal(OtherCopy);
      expect(String(warnings[0]?.[0])).to.contain("99.0.0");
      // The same class under a second tag works (registered as a subclass).
      expect(() => AlertButton.define("my-alert-button")).to.not.throw();
      expect(customElements.get("my-alert-button")).to.exist;
    } finally {
      console.warn = warn;
    }
  });
});

describe("<alert-button> against the local stack", () => {
  it("uses the hold: camera on and publishing while held; released early, camera off and nothing at the SFU", async () => {
    type Rooms = { name: string; participants: { identity: string; tracks: number }[] }[];
    const { convexUrl } = await stack();
    const streams: MediaStream[] = [];
    const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await realGetUserMedia(constraints);
      streams.push(stream);
      return stream;
    };
    try {
      const el = await fixture<AlertButton>(html`<alert-button convex-url=${convexUrl} site=${SITE} hold="10000" no-location></alert-button>`);
      await untilState(el, "idle");
      let started = false;
      el.addEventListener("alert-started", () => (started = true));
      const before = new Set((await command<Rooms>("alertrun:sfu-rooms", {})).map((r) => r.name));
      const publishing = async () =>
        (await command<Rooms>("alertrun:sfu-rooms", {})).find(
          (r) => !before.has(r.name) && r.participants.some((p) => p.identity === "reporter" && p.tracks > 0),
        );
      button(el).focus();
      await sendKeys({ down: "Space" });
      await untilState(el, "holding");
      // Camera light on while holding, and the picture already at the media server.
      await until(() => streams.length === 1, "camera opened at hold start");
      let room: Rooms[number] | undefined;
      for (let i = 0; i < 120 && !room; i++) {
        room = await publishing();
        if (!room) await new Promise((r) => setTimeout(r, 250));
      }
      expect(room, "the hold publishes to the SFU").to.exist;
      await sendKeys({ up: "Space" });
      await untilState(el, "idle");
      await until(() => streams[0]!.getTracks().every((t) => t.readyState === "ended"), "camera off after release");
      let left = false;
      for (let i = 0; i < 60 && !left; i++) {
        const held = (await command<Rooms>("alertrun:sfu-rooms", {})).find((r) => r.name === room!.name);
        left = !held || held.participants.length === 0;
        if (!left) await new Promise((r) => setTimeout(r, 250));
      }
      expect(left, "the reporter left the reserved room").to.equal(true);
      expect(started).to.equal(false);
    } finally {
      navigator.mediaDevices.getUserMedia = realGetUserMedia;
    }
  });


  it("goes idle → holding → starting → live, shows the live view, and ends after confirmation", async () => {
    const { convexUrl } = await stack();
    const el = await fixture<AlertButton>(
      html`<alert-button convex-url=${convexUrl} site=${SITE} hold="400" category="medical"></alert-button>`,
    );
    await untilState(el, "idle");
    const started = nextEvent<CustomEvent>(el, "alert-started", 20_000);
    const live = nextEvent<CustomEvent>(el, "alert-live", 30_000);
    const states = new Set<string>();
    const observer = new MutationObserver(() => states.add(el.getAttribute("state")!));
    observer.observe(el, { attributes: true, attributeFilter: ["state"] });

    await holdKey(el, "Enter", 700);
    const { alertId } = (await started).detail;
    expect(alertId).to.be.a("string").and.not.empty;
    expect((await live).detail.alertId).to.equal(alertId);
    await untilState(el, "live");
    observer.disconnect();
    expect([...states]).to.include.members(["holding", "starting", "live"]);
    // The focused hold button is gone: focus followed to the live panel.
    expect(el.shadowRoot!.activeElement?.getAttribute("part")).to.equal("panel");
    expect(el.alertId).to.equal(alertId);

    // The live view: preview, LIVE badge, elapsed time, reassurance, location, chat.
    const preview = await until(() => inner<HTMLVideoElement>(el, "[part~='preview']"), "camera preview");
    await until(() => preview.videoWidth > 0, "preview frames");
    expect(inner(el, "[part~='badge']")!.textContent).to.contain("LIVE");
    expect(inner(el, "[role='timer']")!.textContent).to.match(/^\d+:\d\d$/);
    expect(text(el)).to.contain("0 responders have seen this");
    await until(() => text(el).includes("Sharing your location"), "location status");
    await expect(el).to.be.accessible();

    const input = inner<HTMLInputElement>(el, "[part~='chat-input']")!;
    input.value = "I am in room 204";
    inner<HTMLButtonElement>(el, "[part~='chat-send']")!.click();
    await until(() => text(el).includes("You: I am in room 204"), "own chat message");

    // Ending asks first; "Keep alert on" keeps it live.
    inner<HTMLButtonElement>(el, "[part~='end-button']")!.click();
    const cancel = await until(() => inner<HTMLButtonElement>(el, "[part~='confirm-cancel']"), "confirmation");
    expect(inner(el, "[part~='confirm']")!.getAttribute("role")).to.equal("alertdialog");
    cancel.click();
    await until(() => inner(el, "[part~='end-button']"), "end button back");
    expect(el.getAttribute("state")).to.equal("live");

    const ended = nextEvent<CustomEvent>(el, "alert-ended", 20_000);
    inner<HTMLButtonElement>(el, "[part~='end-button']")!.click();
    (await until(() => inner<HTMLButtonElement>(el, "[part~='confirm-end']"), "confirm end")).click();
    expect((await ended).detail.alertId).to.equal(alertId);
    await untilState(el, "ended");
    expect(text(el)).to.contain("Alert ended");
    inner<HTMLButtonElement>(el, "[part~='reset-button']")!.click();
    await untilState(el, "idle");
  });

  it("never hides the button during an outage: it reports it, stays pressable, queues the press and offers the fallback", async () => {
    // Nothing listens on port 9: the client never connects.
    const error = nextEvent<CustomEvent>(document, "alert-error", 30_000);
    const el = await fixture<AlertButton>(
      html`<alert-button convex-url="http://127.0.0.1:9" site="demo" hold="0" fallback-tel="+1 555 0100"></alert-button>`,
    );
    expect((await error).detail.code).to.equal("network/unreachable");
    await until(() => text(el).includes("Cannot reach"), "outage notice");
    expect(el.state).to.equal("idle");
    expect(button(el)).to.exist;
    expect(inner<HTMLAnchorElement>(el, "[part~='fallback']")?.getAttribute("href")).to.equal("tel:+15550100");
    button(el).dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, composed: true }));
    await untilState(el, "starting");
    expect(text(el)).to.contain("will be sent as soon as the connection is back");
    expect(inner(el, "[part~='fallback']")).to.exist;
  });

  it("offers no fallback link for a value that is not a phone number", async () => {
    const el = await fixture<AlertButton>(
      html`<alert-button convex-url="http://127.0.0.1:9" site="demo" fallback-tel="javascript:alert(1)"></alert-button>`,
    );
    await until(() => text(el).includes("Cannot reach"), "outage notice", 30_000);
    expect(inner(el, "[part~='fallback']")).to.equal(null);
  });
});
