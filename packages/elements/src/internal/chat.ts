import { html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { ChatMessage } from "@alertrun/core";
import { CHAT_MAX_CHARS } from "@alertrun/contract/client-rules";
import type { LocalizeController } from "./i18n/localize-controller.js";
import { addEnglish } from "./i18n/messages.js";
import { enChat } from "./i18n/en-chat.js";

// The chat's English travels with it (see en-chat.ts), registered before anything renders a chat.
addEnglish(enChat);

/**
 * The reporter is one person, so their own messages read "You". Responders share one author
 * kind, so they are told apart by display name. A viewer's message always says so, whatever
 * name it carries: a stranger must never read as a responder to the person in need.
 */
function authorName(m: ChatMessage, self: ChatMessage["author"], l: LocalizeController): string {
  if (m.author === "reporter") return self === "reporter" ? l.t("chatYou") : m.displayName || l.t("chatReporter");
  if (m.author === "responder") return m.displayName || l.t("chatResponder");
  return m.displayName ? l.t("chatViewerNamed", { name: m.displayName }) : l.t("chatViewer");
}

// The scroller lives apart so the button's entry chunk need not carry the chat itself.
export { ChatScroller } from "./chat-scroller.js";

export interface ChatOptions {
  messages: readonly ChatMessage[];
  /** Who "you" are in this conversation, so own messages read as "You". */
  self: ChatMessage["author"];
  /** Called with the trimmed text; resolve to clear the input. */
  send: (text: string) => Promise<void>;
  disabled?: boolean;
  /** Hide the composer (the caller may read but not write); a note says why. */
  readOnly?: string | null;
  /** An inline error from the last send (e.g. a message too long). */
  error?: string | null;
  label?: string;
  /** The host element's localizer: every string of the chat is in its language. */
  i18n: LocalizeController;
}

/**
 * The chat used by both the button's live view and the viewer: a `role="log"` list (polite
 * announcements of new messages) and a send form. A render function rather than an element,
 * so there is no extra tag to register.
 */
export function renderChat(o: ChatOptions) {
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem("text") as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    await o.send(text);
    input.value = "";
  };
  return html`<section part="chat" class="chat" aria-label=${o.label ?? o.i18n.t("chat")}>
    <div class="chat-log" role="log" aria-live="polite" aria-label=${o.i18n.t("chatMessages")}>
      ${o.messages.length === 0 ? html`<p class="chat-empty">${o.i18n.t("chatEmpty")}</p>` : nothing}
      ${repeat(
        o.messages,
        (m) => m.messageId,
        (m) =>
          html`<p class="chat-message chat-message--${m.author}" data-author=${m.author}>
            <span class="chat-author">${o.i18n.t("chatAuthor", { name: authorName(m, o.self, o.i18n) })}</span>
            <span class="chat-text">${m.text}</span>
          </p>`,
      )}
    </div>
    ${o.readOnly
      ? html`<p part="chat-note" class="chat-note">${o.readOnly}</p>`
      : html`<form class="chat-form" @submit=${onSubmit}>
      <label class="sr-only" for="chat-input">${o.i18n.t("chatInputLabel")}</label>
      <input
        id="chat-input"
        part="chat-input"
        name="text"
        type="text"
        autocomplete="off"
        maxlength=${CHAT_MAX_CHARS}
        placeholder=${o.i18n.t("chatPlaceholder")}
        ?disabled=${o.disabled}
      />
      <button part="chat-send" class="action action--primary" type="submit" ?disabled=${o.disabled}>${o.i18n.t("chatSend")}</button>
    </form>`}
    ${o.error ? html`<p class="chat-error" role="alert">${o.error}</p>` : nothing}
  </section>`;
}
