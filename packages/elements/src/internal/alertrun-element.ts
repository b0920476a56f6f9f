import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { state } from "lit/decorators.js";
import { ContextRoot } from "@lit/context";
import { emit, type AlertErrorDetail, type AlertRunEventDetails, type AlertRunEventName } from "../events.js";
import { friendlyMessage, toErrorDetail, type Failure, type FailureSource } from "./errors.js";
import { LocalizeController } from "./i18n/localize-controller.js";
import { VERSION } from "./version.js";

type QueuedEvent = { [K in AlertRunEventName]: [K, AlertRunEventDetails[K]] }[AlertRunEventName];

const ROOT_FLAG = Symbol.for("alertrun.contextRoot");

/**
 * Providers may upgrade after their children (elements defined in any order, or a provider
 * added later). A ContextRoot on the document replays unanswered context requests when a
 * provider appears. One per page, shared by every copy of the elements.
 */
function ensureContextRoot(): void {
  const flags = document as unknown as Record<symbol, boolean>;
  if (flags[ROOT_FLAG]) return;
  flags[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}

/**
 * Base of every AlertRun element: guarded registration, the reflected `state`, and the
 * in-place error display. Nothing here may throw into the host page: the update cycle,
 * lifecycle callbacks and (through `guard`) event handlers report failures as `alert-error`.
 */
export abstract class AlertRunElement extends LitElement {
  /** The version that defined this class; compared when two copies register one tag. */
  static readonly alertrunVersion = VERSION;

  /**
   * Registers the element under `tag` unless that tag is taken. A tag taken by another
   * version of AlertRun logs a warning; it never throws.
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    try {
      const existing = registry.get(tag) as (CustomElementConstructor & { alertrunVersion?: string }) | undefined;
      if (existing) {
        if (existing !== (this as unknown) && existing.alertrunVersion !== VERSION) {
          console.warn(
            `[alertrun] <${tag}> is already defined (version ${existing.alertrunVersion ?? "unknown"}); ` +
              `this copy (version ${VERSION}) is not registered.`,
          );
        }
        return;
      }
      try {
        registry.define(tag, this as unknown as CustomElementConstructor);
      } catch {
        // The class is already registered under another tag: register a trivial subclass.
        registry.define(tag, class extends (this as unknown as typeof LitElement) {});
      }
    } catch (error) {
      console.warn(`[alertrun] could not define <${tag}>:`, error);
    }
  }

  /** Reflected state; each element narrows it to its own names. */
  abstract state: string;

  @state() protected failure: Failure | null = null;

  /** The element's language and every string it shows (see internal/i18n). */
  protected readonly i18n = new LocalizeController(this);

  private queued: QueuedEvent[] = [];
  private lastReported = "";
  private crashed = false;

  /** What the element renders when it is not in `error`. */
  protected abstract renderContent(): unknown;

  /** The element's state when there is no failure. */
  protected abstract computeState(): string;

  /**
   * Brings sessions and stores in line with the current properties. Runs in `willUpdate`, so
   * it sees every property change and may set further state.
   */
  protected sync(_changed: PropertyValues): void {}

  override connectedCallback(): void {
    try {
      ensureContextRoot();
      super.connectedCallback();
    } catch (error) {
      this.crash(error);
    }
  }

  override disconnectedCallback(): void {
    try {
      super.disconnectedCallback();
    } catch (error) {
      this.crash(error);
    }
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    try {
      return super.scheduleUpdate();
    } catch (error) {
      this.crash(error);
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.sync(changed);
    const next = this.failure ? "error" : this.computeState();
    if (this.state !== next) this.state = next;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.flushEvents();
  }

  protected override render(): unknown {
    if (this.failure) return this.renderFailure(this.failure);
    try {
      return this.renderContent();
    } catch (error) {
      queueMicrotask(() => this.crash(error));
      return nothing;
    }
  }

  /** The readable message shown in place of the element's content. */
  protected renderFailure(failure: Failure): TemplateResult {
    return html`<div part="base" class="base">
      <div part="error" class="error" role="alert" tabindex="-1">
        <span class="error-icon" aria-hidden="true">!</span>
        <div>
          <p class="error-text">${friendlyMessage(failure, this.i18n)}</p>
          <span class="error-code">${this.i18n.t("errorCode", { code: failure.code })}</span>
          ${this.renderFailureActions(failure)}
        </div>
      </div>
    </div>`;
  }

  /** Recovery controls under the error message (a "Try again" button, say). */
  protected renderFailureActions(_failure: Failure): unknown {
    return nothing;
  }

  /** Enters `error` with a message in place and an `alert-error` event. */
  protected fail(detail: AlertErrorDetail, source: FailureSource = "runtime"): void {
    const failure: Failure = { code: detail.code, message: detail.message, source };
    const key = `${source}:${failure.code}:${failure.message}`;
    if (this.failure && `${this.failure.source}:${this.failure.code}:${this.failure.message}` === key) return;
    this.failure = failure;
    if (key !== this.lastReported) {
      this.lastReported = key;
      this.queueEvent("alert-error", { code: failure.code, message: failure.message });
    }
    this.requestUpdate();
  }

  /** Leaves `error` if the current failure came from `source` (or any, without one). */
  protected clearFailure(source?: FailureSource): void {
    if (!this.failure || (source && this.failure.source !== source)) return;
    this.failure = null;
    this.lastReported = "";
  }

  /** Sets or clears the configuration failure in one call; used from `sync`. */
  protected setConfigError(detail: AlertErrorDetail | null): void {
    if (detail) {
      if (this.failure?.source !== "runtime") {
        if (this.failure?.source === "network") this.clearFailure("network");
        this.fail(detail, "config");
      }
    } else {
      this.clearFailure("config");
    }
  }

  /**
   * Follows the backend connection: `offline` (never reached, or the device is offline) shows
   * in place as `network/unreachable`; any later connection clears it. Core keeps retrying.
   */
  protected applyConnection(connection: string | null): void {
    if (connection === "offline") {
      if (!this.failure || this.failure.source === "network") {
        this.fail({ code: "network/unreachable", message: "Cannot reach the AlertRun backend." }, "network");
      }
    } else if (connection) {
      this.clearFailure("network");
    }
  }

  /** Fires a public event after the next render, so listeners see the DOM that matches it. */
  protected queueEvent<K extends AlertRunEventName>(name: K, detail: AlertRunEventDetails[K]): void {
    this.queued.push([name, detail] as QueuedEvent);
    this.requestUpdate();
  }

  /**
   * Wraps an event handler or callback: a synchronous throw or a rejected promise becomes an
   * in-place error instead of an uncaught exception in the host page.
   */
  protected guard<A extends unknown[]>(fn: (...args: A) => unknown, fallbackCode?: string): (...args: A) => void {
    return (...args: A) => {
      try {
        const result = fn.apply(this, args);
        if (result && typeof (result as Promise<unknown>).then === "function") {
          (result as Promise<unknown>).catch((error: unknown) => this.fail(toErrorDetail(error, fallbackCode)));
        }
      } catch (error) {
        this.fail(toErrorDetail(error, fallbackCode));
      }
    };
  }

  private flushEvents(): void {
    const events = this.queued;
    this.queued = [];
    // dispatchEvent reports a throwing listener itself; it does not propagate here.
    for (const [name, detail] of events) emit(this, name, detail as never);
  }

  private crash(error: unknown): void {
    if (this.crashed) return;
    this.crashed = true;
    console.error(`[alertrun] <${this.localName}> failed:`, error);
    const detail = toErrorDetail(error);
    this.failure = { ...detail, source: "runtime" };
    this.lastReported = `runtime:${detail.code}:${detail.message}`;
    try {
      this.setAttribute("state", "error");
      emit(this, "alert-error", detail);
      this.requestUpdate();
    } catch {
      // Nothing more can be done without throwing into the page.
    }
  }
}
