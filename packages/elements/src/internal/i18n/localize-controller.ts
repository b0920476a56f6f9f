import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Message, MessageKey } from "./catalog.js";
import { isRtl, langOf, watchLang } from "./locale.js";
import { loadMessages, lookup, onMessagesChange } from "./messages.js";
import { whenIdle } from "../idle.js";

type Host = ReactiveControllerHost & HTMLElement;
type Params = Record<string, string | number>;

const formats = new Map<string, unknown>();

/** One cached `Intl` formatter per kind, language and options. */
function intl<T>(make: new (lang: string, options?: never) => T, lang: string, options?: object): T {
  const key = `${make.name}|${lang}|${JSON.stringify(options)}`;
  let format = formats.get(key) as T | undefined;
  if (!format) formats.set(key, (format = new make(lang, options as never)));
  return format;
}

/**
 * Gives an element its language: resolves it (see `locale.ts`), loads its messages, re-renders
 * the host when the language or the messages change, and formats text, plurals, durations and
 * relative times for it. In a right-to-left language it sets `dir="rtl"` on the host, unless the
 * page set the host's `dir` itself.
 */
export class LocalizeController implements ReactiveController {
  /** The resolved language tag, lower case (`"en"`, `"es-mx"`, `"ar"`). */
  lang = "en";
  private stops: (() => void)[] = [];
  private ownDir: string | null = null;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stops = [watchLang(this.refresh), onMessagesChange(() => this.host.requestUpdate())];
    this.refresh();
    this.stops.push(whenIdle(() => this.prepareFormats()));
  }

  /**
   * Builds, while the page is idle, the formatters a render will ask for: the first of each kind
   * loads its locale data, 5–20 ms of the main thread, which otherwise lands on the render that
   * shows a new alert (on a dashboard, while its viewer is joining the alert's room).
   */
  private prepareFormats(): void {
    this.number(1);
    for (const unit of ["second", "minute"]) this.number(1, { style: "unit", unit, unitDisplay: "long" });
    intl(Intl.PluralRules, this.lang);
    intl(Intl.RelativeTimeFormat, this.lang, { style: "short" });
  }

  hostDisconnected(): void {
    this.stops.forEach((stop) => stop());
    this.stops = [];
  }

  hostUpdate(): void {
    const host = this.host;
    const dir = isRtl(this.lang) ? "rtl" : null;
    const current = host.getAttribute("dir");
    if (current !== null && current !== this.ownDir) return; // the page's own choice
    if (dir) host.setAttribute("dir", dir);
    else host.removeAttribute("dir");
    this.ownDir = dir;
  }

  private readonly refresh = (): void => {
    const lang = langOf(this.host);
    if (lang === this.lang) return;
    this.lang = lang;
    void loadMessages(lang);
    this.host.requestUpdate();
  };

  /**
   * The message `key` with `{name}` placeholders filled. Numbers are formatted for the language;
   * a plural message picks its form by `params.count`.
   */
  t(key: MessageKey | `${"error" | "category" | "reason"}.${string}`, params?: Params): string {
    return this.maybe(key, params) ?? key;
  }

  /** Like `t`, but `undefined` when no catalog has `key` (for open-ended keys). */
  maybe(key: string, params: Params = {}): string | undefined {
    const message: Message | undefined = lookup(this.lang, key);
    if (message === undefined) return undefined;
    const count = params["count"];
    const text =
      typeof message === "string"
        ? message
        : (message[typeof count === "number" ? intl(Intl.PluralRules, this.lang).select(count) : "other"] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = params[name];
      return value === undefined ? match : typeof value === "number" ? this.number(value) : value;
    });
  }

  number(value: number, options?: Intl.NumberFormatOptions): string {
    return intl(Intl.NumberFormat, this.lang, options).format(value);
  }

  /** A spoken duration: "2 minutes 5 seconds", "2 minutos 5 segundos". */
  duration(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const unit = (unit: string, n: number) => this.number(n, { style: "unit", unit, unitDisplay: "long" });
    return (m ? `${unit("minute", m)} ` : "") + unit("second", seconds % 60);
  }

  /** "just now", "3 min ago", "2 hr ago": short enough for a list row. */
  ago(since: number, now: number): string {
    const seconds = Math.max(0, Math.round((now - since) / 1000));
    if (seconds < 45) return this.t("justNow");
    const rtf = intl(Intl.RelativeTimeFormat, this.lang, { style: "short" });
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return rtf.format(-minutes, "minute");
    const hours = Math.round(minutes / 60);
    return hours < 48 ? rtf.format(-hours, "hour") : rtf.format(-Math.round(hours / 24), "day");
  }
}
