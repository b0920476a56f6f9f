import type { WebhookEventName } from "./webhooks.js";

/**
 * Ways real webhook delivery goes wrong, to test a backend against them (development only).
 * Probabilities are 0–1; every choice comes from a pseudo-random sequence seeded by `seed`, so a
 * test run is repeatable.
 */
export interface WebhookFaults {
  /** Probability that a delivery is never sent (LiveKit gives up after its retries). */
  drop?: number;
  /** Probability that a delivery is sent twice, same event id (a retry after a lost response). */
  duplicate?: number;
  /** Wait before each delivery: fixed ms, or uniformly between [min, max]. */
  delayMs?: number | readonly [number, number];
  /**
   * Send deliveries independently instead of one after another, so with a varying delay they
   * arrive out of order (LiveKit's deliveries are concurrent too).
   */
  reorder?: boolean;
  /**
   * Probability that a `participant_joined` is never sent, so its `participant_left` arrives
   * without a prior join.
   */
  leftWithoutJoin?: number;
  /** Only these events are affected (default: all). */
  events?: readonly WebhookEventName[];
  /** Seed of the pseudo-random choices. Default 1. */
  seed?: number;
}

/** What happens to one delivery. */
export interface FaultPlan {
  copies: number;
  delayMs: number;
}

/** Decides, delivery by delivery, what the configured faults do. */
export class FaultInjector {
  private state: number;

  constructor(private readonly faults: WebhookFaults) {
    for (const [name, p] of Object.entries({ drop: faults.drop, duplicate: faults.duplicate, leftWithoutJoin: faults.leftWithoutJoin })) {
      if (p !== undefined && !(p >= 0 && p <= 1)) throw new RangeError(`webhookFaults.${name} must be a probability between 0 and 1`);
    }
    const delay = faults.delayMs;
    if (delay !== undefined) {
      const [min, max] = typeof delay === "number" ? [delay, delay] : delay;
      if (!(min >= 0 && max >= min)) throw new RangeError("webhookFaults.delayMs must be ≥ 0 (or [min, max] with min ≤ max)");
    }
    this.state = (faults.seed ?? 1) >>> 0 || 1;
  }

  get concurrent(): boolean {
    return this.faults.reorder === true;
  }

  /** mulberry32: small, fast, and good enough to pick faults. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private chance(p: number | undefined): boolean {
    return p !== undefined && p > 0 && this.random() < p;
  }

  /** The plan for one delivery of `event`; `copies: 0` = dropped. */
  plan(event: WebhookEventName): FaultPlan {
    if (this.faults.events && !this.faults.events.includes(event)) return { copies: 1, delayMs: 0 };
    if (event === "participant_joined" && this.chance(this.faults.leftWithoutJoin)) return { copies: 0, delayMs: 0 };
    if (this.chance(this.faults.drop)) return { copies: 0, delayMs: 0 };
    const copies = this.chance(this.faults.duplicate) ? 2 : 1;
    const d = this.faults.delayMs ?? 0;
    const delayMs = typeof d === "number" ? d : d[0] + Math.round(this.random() * (d[1] - d[0]));
    return { copies, delayMs };
  }
}
