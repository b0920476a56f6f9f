/**
 * The shape of a message catalog. English (`en.ts`) is the reference: every other language and
 * every integrator override is checked against its keys.
 *
 * A message is a string with `{name}` placeholders, or, where a number decides the wording, a
 * set of plural forms chosen with `Intl.PluralRules` for the count (`{count}` is the number,
 * formatted for the language). Languages use the forms they need: English `one`/`other`,
 * Arabic all six (`zero`, `one`, `two`, `few`, `many`, `other`).
 */
import type { en } from "./en.js";
import type { enResponder } from "./en-responder.js";
import type { enReporter } from "./en-reporter.js";
import type { enChat } from "./en-chat.js";

/** The whole English catalog: the entry's part and the parts that load with the code showing them. */
type English = typeof en & typeof enResponder & typeof enReporter & typeof enChat;

/** Plural forms keyed by `Intl.PluralRules` category; `other` is required. */
export type PluralMessage = { other: string } & Partial<Record<"zero" | "one" | "two" | "few" | "many", string>>;

export type Message = string | PluralMessage;

/** The keys every catalog has (see `en.ts`, `en-responder.ts`, `en-reporter.ts` and `en-chat.ts` for the English text and placeholders). */
export type MessageKey = keyof English;

/**
 * A full catalog. Besides the keys of `en.ts`, it may name:
 * - `error.<code>`: the text shown in place for an error code (`{detail}` is the raw message);
 * - `category.<name>`: the label of an alert category (`category.medical` → "Medical");
 * - `reason.<reason>`: why an alert ended (`reason.ended-by-reporter`).
 */
export type Messages = { [K in MessageKey]: English[K] extends string ? string : PluralMessage } & {
  [K in `error.${string}` | `category.${string}` | `reason.${string}`]?: string;
};

/** What `setMessages` accepts: any subset of a catalog. */
export type MessageOverrides = Partial<Messages>;
