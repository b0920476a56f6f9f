/**
 * English for the chat (`internal/chat.ts`), shared by the button's live view and the viewer:
 * part of the reference catalog (see `en.ts`), kept apart so that it loads with the chat's code
 * rather than in the CDN entry. `chat.ts` registers it with `addEnglish` as it loads.
 */
export const enChat = {
  chat: "Chat",
  chatMessages: "Messages",
  chatEmpty: "No messages yet.",
  chatAuthor: "{name}:",
  chatYou: "You",
  chatReporter: "Person in need",
  chatResponder: "Responder",
  chatViewer: "Viewer",
  chatViewerNamed: "{name} (viewer)",
  chatInputLabel: "Message",
  chatPlaceholder: "Type a message",
  chatSend: "Send",
} as const;
