"use client";
/**
 * `@alertrun/react`: AlertRun's custom elements as React components, made with `@lit/react`'s
 * `createComponent`. Props set the elements' properties (typed from the element classes); `on…`
 * props listen to their events with typed `CustomEvent`s. Importing this module registers the
 * elements (`@alertrun/elements/define`); during server rendering it renders the plain tags and
 * the browser upgrades them (hence `"use client"` for the Next.js app router).
 *
 * ```tsx
 * <AlertProvider convexUrl={url} site="demo">
 *   <AlertButton hold={1000} onAlertLive={(e) => console.log(e.detail.alertId)} />
 * </AlertProvider>
 * ```
 */
import * as React from "react";
import { createComponent, type EventName } from "@lit/react";
import "@alertrun/elements/define";
import {
  AlertButton as AlertButtonElement,
  AlertFeed as AlertFeedElement,
  AlertMap as AlertMapElement,
  AlertProvider as AlertProviderElement,
  AlertStreamViewer as AlertStreamViewerElement,
  type AlertEndedEvent,
  type AlertErrorEvent,
  type AlertLiveEvent,
  type AlertSelectEvent,
  type AlertStartedEvent,
} from "@alertrun/elements";

/**
 * React prop name → DOM event, per element. The names follow each element's `@fires` list (the
 * install test checks these tables against the custom elements manifest).
 */
export const EVENTS = {
  "alert-provider": {},
  "alert-button": {
    onAlertStarted: "alert-started" as EventName<AlertStartedEvent>,
    onAlertLive: "alert-live" as EventName<AlertLiveEvent>,
    onAlertEnded: "alert-ended" as EventName<AlertEndedEvent>,
    onAlertError: "alert-error" as EventName<AlertErrorEvent>,
  },
  "alert-stream-viewer": {
    onAlertLive: "alert-live" as EventName<AlertLiveEvent>,
    onAlertEnded: "alert-ended" as EventName<AlertEndedEvent>,
    onAlertError: "alert-error" as EventName<AlertErrorEvent>,
  },
  "alert-map": {
    onAlertSelect: "alert-select" as EventName<AlertSelectEvent>,
    onAlertError: "alert-error" as EventName<AlertErrorEvent>,
  },
  "alert-feed": {
    onAlertSelect: "alert-select" as EventName<AlertSelectEvent>,
    onAlertError: "alert-error" as EventName<AlertErrorEvent>,
  },
} as const;

/** `<alert-provider>`: one shared client for every AlertRun element inside it. */
export const AlertProvider = createComponent({
  tagName: "alert-provider",
  elementClass: AlertProviderElement,
  react: React,
  events: EVENTS["alert-provider"],
  displayName: "AlertProvider",
});

/** `<alert-button>`: press and hold to raise an alert and stream live video, audio and location. */
export const AlertButton = createComponent({
  tagName: "alert-button",
  elementClass: AlertButtonElement,
  react: React,
  events: EVENTS["alert-button"],
  displayName: "AlertButton",
});

/** `<alert-stream-viewer>`: watch an alert's live video (one alert, or the latest with `latest`). */
export const AlertStreamViewer = createComponent({
  tagName: "alert-stream-viewer",
  elementClass: AlertStreamViewerElement,
  react: React,
  events: EVENTS["alert-stream-viewer"],
  displayName: "AlertStreamViewer",
});

/** `<alert-map>`: the site's active alerts on a map. */
export const AlertMap = createComponent({
  tagName: "alert-map",
  elementClass: AlertMapElement,
  react: React,
  events: EVENTS["alert-map"],
  displayName: "AlertMap",
});

/** `<alert-feed>`: the site's active alerts as a list for responders. */
export const AlertFeed = createComponent({
  tagName: "alert-feed",
  elementClass: AlertFeedElement,
  react: React,
  events: EVENTS["alert-feed"],
  displayName: "AlertFeed",
});

export type {
  AlertEndedEvent,
  AlertErrorEvent,
  AlertLiveEvent,
  AlertSelectEvent,
  AlertStartedEvent,
  AlertIdDetail,
  AlertEndedDetail,
  AlertErrorDetail,
} from "@alertrun/elements";
