import { executeServerCommand } from "@web/test-runner-commands";
import "../src/define.js";

export interface StackInfo {
  convexUrl: string;
  siteUrl: string;
  livekitUrl: string;
}

/** The site the dev backend seeds (public viewing, anonymous reporting). */
export const SITE = "demo";

/** The geolocation every browser context of these tests reports. */
export const FAKE_POSITION = { lat: 40.7128, lng: -74.006 };

let cached: Promise<StackInfo> | null = null;
export function stack(): Promise<StackInfo> {
  cached ??= executeServerCommand("alertrun:stack") as Promise<StackInfo>;
  return cached;
}

/** Resolves with the next `name` event on `target`, or rejects after `timeoutMs`. */
export function nextEvent<T extends Event = CustomEvent>(target: EventTarget, name: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(name, on);
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (event: Event) => {
      clearTimeout(timer);
      target.removeEventListener(name, on);
      resolve(event as T);
    };
    target.addEventListener(name, on);
  });
}

/** Polls until `check` returns something other than undefined/false, or fails with `label`. */
export async function until<T>(check: () => T | undefined | false | null, label: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = check();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${lastError ? ` (${String(lastError)})` : ""}`);
}

/** Waits until the element's reflected `state` attribute is `state`. */
export function untilState(el: Element, state: string, timeoutMs = 20_000): Promise<true> {
  return until(() => el.getAttribute("state") === state, `state="${state}" on <${el.localName}> (is "${el.getAttribute("state")}")`, timeoutMs);
}

/** The first element matching `selector` in `el`'s shadow root. */
export function inner<E extends Element = HTMLElement>(el: Element, selector: string): E | null {
  return el.shadowRoot!.querySelector<E>(selector);
}

export function text(el: Element): string {
  return (el.shadowRoot?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** Whether `video` is actually playing frames (not just holding a stream). */
export function isPlaying(video: HTMLVideoElement | null): boolean {
  return !!video && video.readyState >= 2 && video.videoWidth > 0 && !video.paused;
}

/** A frame of `video` as a few pixels, to tell a moving picture from a frozen one. */
export function frame(video: HTMLVideoElement): string {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 18;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, 32, 18);
  return Array.from(ctx.getImageData(0, 0, 32, 18).data.filter((_, i) => i % 16 === 0)).join(",");
}

/** Waits until the viewer's `<video>` plays and its picture moves (new frames arrive). */
export async function moving(viewer: Element, label: string): Promise<void> {
  const video = await until(() => inner<HTMLVideoElement>(viewer, "[part~='video']"), `${label}: video element`);
  await until(() => isPlaying(video), `${label}: playing`, 40_000);
  const first = frame(video);
  await until(() => frame(video) !== first, `${label}: frames change`, 15_000);
}

/** Runs a function body in a page of another browser context (see stack-plugin.mjs). */
export async function pageEval<T>(id: number, body: string): Promise<T> {
  const { value, errors } = (await executeServerCommand("alertrun:page-eval", { id, body })) as {
    value: T;
    errors: string[];
  };
  if (errors.length) throw new Error(`page ${id} reported errors:\n${errors.join("\n")}`);
  return value;
}

/**
 * Puts an `<alert-button>` on the page and holds it with the keyboard until the alert is live.
 * Returns the element and the alert id.
 */
export async function startLiveAlert(
  container: HTMLElement,
  attrs: Record<string, string> = {},
): Promise<{ button: HTMLElement & { alertId: string | null }; alertId: string }> {
  const { convexUrl } = await stack();
  const { sendKeys } = await import("@web/test-runner-commands");
  const button = document.createElement("alert-button");
  button.setAttribute("convex-url", convexUrl);
  button.setAttribute("site", SITE);
  button.setAttribute("hold", "200");
  for (const [k, v] of Object.entries(attrs)) button.setAttribute(k, v);
  container.append(button);
  await untilState(button, "idle");
  const live = nextEvent<CustomEvent<{ alertId: string }>>(button, "alert-live", 30_000);
  inner<HTMLButtonElement>(button, "[part~='button']")!.focus();
  await sendKeys({ down: "Enter" });
  await new Promise((r) => setTimeout(r, 400));
  await sendKeys({ up: "Enter" });
  const { alertId } = (await live).detail;
  return { button: button as HTMLElement & { alertId: string | null }, alertId };
}

/** Ends the alert of a live `<alert-button>` through its confirmation, and waits for `ended`. */
export async function endAlert(button: HTMLElement): Promise<void> {
  if (button.getAttribute("state") !== "live") return;
  inner<HTMLButtonElement>(button, "[part~='end-button']")!.click();
  (await until(() => inner<HTMLButtonElement>(button, "[part~='confirm-end']"), "confirm end")).click();
  await untilState(button, "ended");
}

/**
 * Signs in through the dev backend's `POST /dev/token` (development only) and returns a client
 * whose calls carry that identity, e.g. a responder for acknowledgements and responder chat.
 */
export async function signedInClient(
  subject: string,
  name: string,
  role?: "responder",
): Promise<import("@alertrun/core").AlertRunClient> {
  const { convexUrl } = await stack();
  const response = await fetch(`${convexUrl}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, name, ...(role ? { role } : {}) }),
  });
  if (!response.ok) throw new Error(`/dev/token answered ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const { AlertRunClient } = await import("@alertrun/core");
  return new AlertRunClient({ convexUrl, site: SITE, auth: async () => token });
}

/** Runs a server command of the test harness (see harness/stack-plugin.mjs). */
export function command<T>(name: string, payload: Record<string, unknown>): Promise<T> {
  return executeServerCommand(name, payload) as Promise<T>;
}

/** Focuses an `<alert-button>`'s round button and holds `key` for `ms`. */
export async function holdKeyFor(el: Element, key: "Space" | "Enter", ms: number): Promise<void> {
  const { sendKeys } = await import("@web/test-runner-commands");
  inner<HTMLButtonElement>(el, "[part~='button']")!.focus();
  await sendKeys({ down: key });
  await new Promise((r) => setTimeout(r, ms));
  await sendKeys({ up: key });
}
