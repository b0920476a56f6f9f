/**
 * English for `<alert-stream-viewer>`, `<alert-feed>` and `<alert-map>`: part of the reference
 * catalog (see `en.ts`), kept apart so that it loads with those elements' code rather than in the
 * CDN entry, which a page with only a button downloads. Each of those elements registers it with
 * `addEnglish` when its module loads, before it can render.
 */
export const enResponder = {
  // ---- shared by the responder elements --------------------------------------------------
  alertTitle: "{category} alert",
  positionAccuracy: "{position} (±{accuracy} m)",
  viewers: { one: "{count} viewer", other: "{count} viewers" },
  directLabel: "Direct connection; media server unavailable",
  videoUnavailable: "Video unavailable: the media server is down and no direct connection is available to you. Location and chat still work.",
  connectingDirect: "Media server unavailable; connecting directly…",
  reporterOffline: "Reporter offline for {duration}",
  reporterOfflineNow: "Reporter offline",

  // ---- categories (open-ended: see catalog.ts) --------------------------------------------
  "category.emergency": "Emergency",
  "category.medical": "Medical",
  "category.fire": "Fire",
  "category.security": "Security",
  "category.assault": "Assault",
  "category.other": "Other",

  // ---- <alert-stream-viewer> ------------------------------------------------------------
  noAlertSelected: "No alert selected.",
  waitingForAlert: "No active alerts. Waiting for one…",
  waitingForVideo: "Waiting for video…",
  alertHasEnded: "This alert has ended.",
  alertHasEndedReason: "This alert has ended. ({reason})",
  liveVideo: "Live video",
  liveVideoOf: "Live video: {category} alert",
  badgeConnecting: "Connecting",
  startedAgo: "Started {duration} ago",
  unmute: "Unmute",
  mute: "Mute",
  locationAt: "Location: {position}, {ago}",
  locationNotShared: "Location: not shared",
  acknowledge: "Acknowledge",
  "ack.seen": "Seen",
  "ack.on_my_way": "On my way",
  "ack.called_emergency_services": "Called emergency services",
  chatWithPerson: "Chat with the person",
  chatRespondersOnly: "Only responders can write to the person.",
  checkingAccess: "Checking what you can do…",

  // ---- <alert-feed> ---------------------------------------------------------------------
  activeAlerts: "Active alerts",
  loadingAlerts: "Loading alerts…",
  noActiveAlerts: "No active alerts.",
  newAlert: "New {category} alert.",
  countSeen: { other: "{count} seen" },
  countOnTheWay: { other: "{count} on the way" },
  countCalled: "emergency services called",
  videoLive: "video live",

  // ---- <alert-map> ----------------------------------------------------------------------
  mapRegion: "Map of active alerts",
  loadingMap: "Loading map…",
  tilesUnavailable: "Map tiles unavailable; showing positions only.",
  alertsOnMap: "Alerts on the map",
  noAlertsWithLocation: "No alerts with a location.",
  floorPlan: "Floor plan",
  zoomIn: "Zoom in",
  zoomOut: "Zoom out",
  zoom: "Zoom",
  mapAttribution: "© OpenStreetMap contributors",
} as const;
