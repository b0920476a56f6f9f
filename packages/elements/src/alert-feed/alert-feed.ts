import { html } from "lit";
import { property, state } from "lit/decorators.js";
import type { AlertSummary } from "@alertrun/core";
import { ConfiguredElement } from "../internal/configured-element.js";
import { ActiveAlertsController } from "../internal/active-alerts-controller.js";
import type { ClientResolution } from "../internal/client-controller.js";
import { alertItems, clickedAlertId } from "../internal/alert-items.js";
import { baseStyles } from "../internal/base.styles.js";
import { ClockController } from "../internal/clock-controller.js";
import { categoryLabel, formatAgo, reporterOfflineText } from "../internal/format-alert.js";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";
import { alertFeedStyles } from "./alert-feed.styles.js";
import { addEnglish } from "../internal/i18n/messages.js";
import { enResponder } from "../internal/i18n/en-responder.js";

// This element's English travels with its code (the CDN entry loads it on demand).
addEnglish(enResponder);

export type AlertFeedState = "loading" | "ready" | "error";

/**
 * @tagname alert-feed
 * @summary The site's active alerts, newest first; new alerts are announced to screen readers.
 *
 * @fires alert-select - An alert in the list was chosen. `detail: {alertId}`.
 * @fires alert-error - Bad configuration or an unreachable backend. `detail: {code, message}`.
 *
 * @csspart base - The wrapper around everything the element shows.
 * @csspart heading - The "Active alerts" heading.
 * @csspart list - The list of alerts.
 * @csspart item - One alert (a button).
 * @csspart category - The alert's category.
 * @csspart time - When the alert started.
 * @csspart counts - Acknowledgement and viewer counts.
 * @csspart empty - The message shown when there are no alerts.
 * @csspart error - The in-place error message.
 *
 * @cssproperty [--alertrun-color-danger=#c62828] - Marker dot and item accent.
 * @cssproperty [--alertrun-color-surface=#ffffff] - Background.
 * @cssproperty [--alertrun-color-surface-raised=#f3f4f6] - Item background.
 * @cssproperty [--alertrun-color-text=#17171c] - Text color.
 * @cssproperty [--alertrun-color-muted=#555b66] - Secondary text.
 * @cssproperty [--alertrun-color-border=#c9ccd3] - Borders.
 * @cssproperty [--alertrun-color-accent=#1d4ed8] - Outline of the selected item.
 * @cssproperty [--alertrun-color-focus=#1d4ed8] - Focus ring.
 * @cssproperty [--alertrun-font-family=system-ui] - Font stack.
 * @cssproperty [--alertrun-font-size=medium] - Base font size.
 * @cssproperty [--alertrun-radius=12px] - Corner radius.
 * @cssproperty [--alertrun-spacing=0.75em] - Padding.
 */
export class AlertFeed extends ConfiguredElement {
  static override styles = [baseStyles, alertFeedStyles];

  /** The alert shown as selected (`aria-current`); set by the page, e.g. from `alert-select`. */
  @property() selected?: string;

  /** Heading text above the list. Default: "Active alerts", in the element's language. */
  @property() heading?: string;

  /** `loading | ready | error` (reflected, read-only). */
  @property({ reflect: true }) state: AlertFeedState = "loading";

  /** The alerts currently listed, newest first. */
  get alerts(): readonly AlertSummary[] {
    const v = this.feed.list.value;
    return v.status === "ready" ? sortNewestFirst(v.value) : [];
  }

  /** What the live region says; a function so it reads in the current language. */
  @state() private announcement: (() => string) | null = null;

  private readonly clock = new ClockController(this);
  private known: Set<string> | null = null;
  private readonly feed = new ActiveAlertsController(this, this.reportRuntime, { onList: (alerts) => this.onList(alerts) });

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock.running = true;
  }

  protected override bind(resolution: ClientResolution): void {
    this.feed.bind(resolution);
  }

  protected override computeState(): AlertFeedState {
    const v = this.feed.list.value;
    return v.status === "ready" ? "ready" : v.status === "error" ? "error" : "loading";
  }

  private onList(alerts: readonly AlertSummary[] | null): void {
    // The first list is the page's starting point; only alerts after it are news.
    if (alerts && this.known) {
      const fresh = sortNewestFirst(alerts).filter((a) => !this.known!.has(a.alertId));
      if (fresh.length) {
        this.announcement = () => fresh.map((a) => this.i18n.t("newAlert", { category: categoryLabel(a.category, this.i18n) })).join(" ");
      }
    }
    this.known = alerts && new Set(alerts.map((a) => a.alertId));
  }

  private readonly select = this.guard((event: Event) => {
    const alertId = clickedAlertId(event);
    if (alertId) this.queueEvent("alert-select", { alertId });
  });

  protected override renderContent(): unknown {
    const v = this.feed.list.value;
    const alerts = this.alerts;
    return html`<div part="base" class="base">
      <h2 part="heading" class="heading" id="heading">${this.heading ?? this.i18n.t("activeAlerts")}</h2>
      ${v.status === "loading"
        ? html`<p class="loading" role="status">${this.i18n.t("loadingAlerts")}</p>`
        : alerts.length === 0
          ? html`<p part="empty" class="empty">${this.i18n.t("noActiveAlerts")}</p>`
          : html`<ul part="list" class="list" aria-labelledby="heading">
              ${alertItems(
                alerts,
                this.selected,
                this.select,
                (a) => html`<span class="dot" aria-hidden="true"></span>
                  <span part="category" class="category">${categoryLabel(a.category, this.i18n)}</span>
                  <span part="time" class="time">${formatAgo(a.startedAt, this.clock.now, this.i18n)}</span>
                  <span part="counts" class="counts">${countsText(a, this.clock.now, this.i18n)}</span>`,
              )}
            </ul>`}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement?.()}</div>
    </div>`;
  }
}

function sortNewestFirst(alerts: readonly AlertSummary[]): AlertSummary[] {
  return [...alerts].sort((a, b) => b.startedAt - a.startedAt);
}

function countsText(a: AlertSummary, now: number, l: LocalizeController): string {
  const parts = [l.t("countSeen", { count: a.acks.seen })];
  const offline = reporterOfflineText(a, now, l);
  if (offline) parts.unshift(offline);
  if (a.acks.on_my_way) parts.push(l.t("countOnTheWay", { count: a.acks.on_my_way }));
  if (a.acks.called_emergency_services) parts.push(l.t("countCalled"));
  parts.push(l.t("viewers", { count: a.viewerCount }));
  if (a.streamStatus === "live") parts.push(l.t("videoLive"));
  return parts.join(" · ");
}
