/**
 * English, the reference catalog, with `en-responder.ts` (the text of the responder elements),
 * `en-reporter.ts` (the button's live view) and `en-chat.ts` (the chat), each of which travels
 * with the code that shows it. This part ships in the entry chunk (every other language is a
 * lazy chunk), so keep it to the text itself. Placeholders: `{name}`; plural forms:
 * `{ one, other }` with `{count}`. When adding a key here, add it to every other catalog too (the
 * typecheck and test/i18n.test.ts insist).
 */
export const en = {
  // ---- shared ---------------------------------------------------------------------------
  live: "LIVE",
  connecting: "Connecting…",
  errorCode: "Error code: {code}",
  tryAgain: "Try again",
  justNow: "just now",
  // Strings other work plugs in (reporter liveness, fallback call, media path).
  creatingAlert: "Creating alert…",
  callFallback: "Call {tel}",
  outageQueued: "Cannot reach the alert service. Your alert will be sent as soon as the connection is back.",
  outageIdle: "Cannot reach the alert service right now. You can still press: the alert is sent as soon as it can be.",

  // ---- <alert-button> -------------------------------------------------------------------
  // Ending is offered by the entry's stand-in panel too (the live view's chunk may not load).
  confirmEnd: "End the alert? Responders will stop seeing you.",
  keepAlertOn: "Keep alert on",
  endAlert: "End alert",
  holdLabel: "Hold for help",
  holdHint: {
    one: "Press and hold for {count} second to alert responders. Release to cancel.",
    other: "Press and hold for {count} seconds to alert responders. Release to cancel.",
  },
  pressHint: "Press to alert responders.",
  keepHolding: {
    one: "Keep holding for {count} second to send the alert.",
    other: "Keep holding for {count} seconds to send the alert.",
  },
  releasedEarly: "Released early. No alert was sent.",
  sendingAlert: "Sending alert.",
  alertLive: "Your alert is live. Responders can see and hear you.",
  alertEndedAnnouncement: "Your alert has ended.",
  yourAlert: "Your alert",
  ending: "Ending…",
  elapsed: "Elapsed {duration}",
  alertEnded: "Alert ended.",
  done: "Done",
  reconnecting: "Reconnecting…",

  // ---- categories, end reasons, errors (open-ended: see catalog.ts) ---------------------
  "reason.ended-by-reporter": "You ended the alert.",
  "reason.ended-by-responder": "A responder closed the alert.",
  "reason.broadcaster-silent": "The person's page stopped responding.",
  // Configuration mistakes show their raw English message (it names the attribute) unless a
  // language or an override has `error.config/...` texts.
  "error.network/unreachable": "Cannot reach the alert service. Check your connection.",
  "error.media/permission-denied": "Camera or microphone access was blocked. Allow it in the browser to stream video.",
  "error.media/unavailable": "No camera or microphone is available.",
  "error.media/connect-failed": "The live video connection failed.",
  "error.alert/not-found": "This alert could not be found.",
  "error.alert/ended": "This alert has ended.",
  "error.alert/wrong-site": "This alert belongs to another site.",
  "error.auth/forbidden": "You are not allowed to do this on this site.",
  "error.rate-limited": "Too many requests. Please wait a moment.",
} as const;
