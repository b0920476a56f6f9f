import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type { AlertRunClient, AlertSummary, Loadable } from "@alertrun/core";
import { AlertRunElement } from "../internal/alertrun-element.js";
import { baseStyles } from "../internal/base.styles.js";
import { ClientController } from "../internal/client-controller.js";
import { ClockController } from "../internal/clock-controller.js";
import { StoreController } from "../internal/store-controller.js";
import { toErrorDetail } from "../internal/errors.js";
import { categoryLabel, formatAgo, reporterOfflineText } from "../internal/format-alert.js";
import type { LocalizeController } from "../internal/i18n/localize-controller.js";
import { alertFeedStyles } from "./alert-feed.styles.js";
import { addEnglish } from "../internal/i18n/messages.js";
import { enResponder } from "../internal/i18n/en-responder.js";

// This element's English travels with its code (the CDN entry loads it on demand).
addEnglish(enResponder);

export type AlertFeedState = "loading" | "ready" | "error";

type Feed = { store: ReturnType<AlertRunClient["activeAlerts"]>; client: AlertRunClient };

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
export class AlertFeed extends AlertRunElement {
  static override styles = [baseStyles, alertFeedStyles];

  /** URL of the Convex deployment. Not needed inside `<alert-provider>`. */
  @property({ attribute: "convex-url" }) convexUrl?: string;

  /** The site whose alerts are listed. Not needed inside `<alert-provider>`. */
  @property() site?: string;

  /** A client made by the page; overrides the provider and the attributes. */
  @property({ attribute: false }) client?: AlertRunClient;

  /** The alert shown as selected (`aria-current`); set by the page, e.g. from `alert-select`. */
  @property() selected?: string;

  /** Heading text above the list. Default: "Active alerts", in the element's language. */
  @property() heading?: string;

  /** `loading | ready | error` (reflected, read-only). */
  @property({ reflect: true }) state: AlertFeedState = "loading";

  /** The alerts currently listed, newest first. */
  get alerts(): readonly AlertSummary[] {
    const v = this.list.value;
    return v.status === "ready" ? sortNewestFirst(v.value) : [];
  }

  /** What the live region says; a function so it reads in the current language. */
  @state() private announcement: (() => string) | null = null;

  private readonly clients = new ClientController(this);
  private readonly clock = new ClockController(this);
  private feed: Feed | null = null;
  private known: Set<string> | null = null;

  private readonly list = new StoreController<Loadable<AlertSummary[]>>(this, { status: "loading" }, (v) =>
    this.onList(v),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock.running = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropFeed();
  }

  protected override sync(_changed: PropertyValues): void {
    const resolution = this.clients.resolve();
    if ("error" in resolution) {
      this.setConfigError(resolution.error);
      this.dropFeed();
      return;
    }
    this.setConfigError(null);
    this.applyConnection(this.clients.connection.value);
    if (!("client" in resolution)) return;
    if (this.feed?.client === resolution.client) return;
    this.dropFeed();
    this.clearFailure("runtime");
    const store = resolution.client.activeAlerts();
    this.feed = { store, client: resolution.client };
    this.list.set(store);
  }

  protected override computeState(): AlertFeedState {
    const v = this.list.value;
    return v.status === "ready" ? "ready" : v.status === "error" ? "error" : "loading";
  }

  private dropFeed(): void {
    const feed = this.feed;
    this.feed = null;
    this.known = null;
    this.list.set(null);
    try {
      feed?.store.dispose();
    } catch {
      // Disposal is best effort.
    }
  }

  private onList(v: Loadable<AlertSummary[]>): void {
    if (v.status === "error") {
      this.fail(toErrorDetail(v.error, "network/unreachable"));
      return;
    }
    if (v.status !== "ready") return;
    this.clearFailure("runtime");
    const ids = new Set(v.value.map((a) => a.alertId));
    // The first list is the page's starting point; only alerts after it are news.
    if (this.known) {
      const fresh = sortNewestFirst(v.value).filter((a) => !this.known!.has(a.alertId));
      if (fresh.length) {
        this.announcement = () => fresh.map((a) => this.i18n.t("newAlert", { category: categoryLabel(a.category, this.i18n) })).join(" ");
      }
    }
    this.known = ids;
  }

  private readonly select = this.guard((event: Event) => {
    const alertId = (event.currentTarget as HTMLElement).dataset["alertId"];
    if (alertId) this.queueEvent("alert-select", { alertId });
  });

  protected override renderContent(): unknown {
    const v = this.list.value;
    const alerts = this.alerts;
    return html`<div part="base" class="base">
      <h2 part="heading" class="heading" id="heading">${this.heading ?? this.i18n.t("activeAlerts")}</h2>
      ${v.status === "loading"
        ? html`<p class="loading" role="status">${this.i18n.t("loadingAlerts")}</p>`
        : alerts.length === 0
          ? html`<p part="empty" class="empty">${this.i18n.t("noActiveAlerts")}</p>`
          : html`<ul part="list" class="list" aria-labelledby="heading">
              ${repeat(
                alerts,
                (a) => a.alertId,
                (a) => html`<li>
                  <button
                    part="item"
                    class="item"
                    type="button"
                    data-alert-id=${a.alertId}
                    aria-current=${this.selected === a.alertId ? "true" : nothing}
                    @click=${this.select}
                  >
                    <span class="dot" aria-hidden="true"></span>
                    <span part="category" class="category">${categoryLabel(a.category, this.i18n)}</span>
                    <span part="time" class="time">${formatAgo(a.startedAt, this.clock.now, this.i18n)}</span>
                    <span part="counts" class="counts">${countsText(a, this.clock.now, this.i18n)}</span>
                  </button>
                </li>`,
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
