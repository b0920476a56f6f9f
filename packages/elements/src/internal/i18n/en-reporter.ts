/**
 * English for `<alert-button>`'s live view (reassurance lines, location, end confirmation): part
 * of the reference catalog (see `en.ts`), kept apart so that it loads with the live view's chunk
 * rather than in the CDN entry, which carries only the idle and holding button and the panel that
 * stands in for the live view. `post-press-views.ts` registers it with `addEnglish` as it loads.
 */
export const enReporter = {
  directNotice: "Media server unavailable: your video goes directly to responders.",
  yourCamera: "Your camera",
  seenBy: { one: "{count} responder has seen this", other: "{count} responders have seen this" },
  onTheWay: { one: "{count} responder is on the way", other: "{count} responders are on the way" },
  servicesCalled: "Emergency services have been called",
  watching: { one: "{count} person watching", other: "{count} people watching" },
  cameraBlocked: "Camera blocked: responders get your location and messages.",
  cameraUnavailable: "Camera unavailable: responders get your location and messages.",
  weakConnection: "Connection is weak. Still trying…",
  chatWithResponders: "Chat with responders",
  locationOff: "Location not shared",
  locationAfterCreate: "Your location is shared once the alert is created",
  locationSharing: "Sharing your location",
  locationSharingAccuracy: "Sharing your location (±{accuracy} m)",
  locationFinding: "Finding your location…",
  locationDenied: "Location blocked by the browser",
  locationUnavailable: "Location unavailable",
} as const;
