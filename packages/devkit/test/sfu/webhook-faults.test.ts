import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Room, ParticipantInfo } from "@livekit/protocol";
import { FaultInjector } from "../../src/sfu/webhook-faults.js";
import { WebhookNotifier, type WebhookEventName } from "../../src/sfu/webhooks.js";
import { startCollector } from "./collector.js";
import { API_KEY, API_SECRET } from "./harness.js";

// The webhook realism options (drop, delay, duplicate, reorder, participant_left without a join)
// against a real receiver that verifies every delivery as LiveKit's WebhookReceiver does.
describe("webhook faults", () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(async () => {
    await collector?.close();
  });

  /** Sends `events` (participant events carry identity `p<i>`) and returns what arrived, in arrival order. */
  async function deliver(faults: ConstructorParameters<typeof FaultInjector>[0], events: WebhookEventName[]) {
    collector.deliveries.length = 0;
    const notifier = new WebhookNotifier(collector.url, API_KEY, API_SECRET, () => undefined, faults);
    events.forEach((event, i) =>
      notifier.notify(event, { room: new Room({ name: `r${i}` }), participant: new ParticipantInfo({ identity: `p${i}` }) }),
    );
    await notifier.flush();
    expect(collector.rejected).toEqual([]);
    return collector.deliveries.map((d) => d.event);
  }

  const ten: WebhookEventName[] = Array.from({ length: 10 }, () => "track_published");

  it("delivers everything once, in order, without faults", async () => {
    const got = await deliver({}, ten);
    expect(got.map((e) => e.room?.name)).toEqual(ten.map((_, i) => `r${i}`));
  });

  it("drops deliveries", async () => {
    expect(await deliver({ drop: 1 }, ten)).toEqual([]);
    const some = await deliver({ drop: 0.5, seed: 7 }, ten);
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(10);
  });

  it("duplicates deliveries with the same event id, as a retry would", async () => {
    const got = await deliver({ duplicate: 1 }, ["room_started", "room_finished"]);
    expect(got.map((e) => e.event)).toEqual(["room_started", "room_started", "room_finished", "room_finished"]);
    expect(got[0]!.id).toBe(got[1]!.id);
    expect(got[2]!.id).toBe(got[3]!.id);
  });

  it("delays deliveries", async () => {
    const started = Date.now();
    await deliver({ delayMs: 300 }, ["room_started"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("reorders deliveries sent independently with varying delays, losing none", async () => {
    const got = (await deliver({ reorder: true, delayMs: [0, 200], seed: 3 }, ten)).map((e) => e.room?.name);
    const sent = ten.map((_, i) => `r${i}`);
    expect([...got].sort()).toEqual([...sent].sort());
    expect(got).not.toEqual(sent);
  });

  it("sends participant_left without a prior participant_joined", async () => {
    const got = await deliver({ leftWithoutJoin: 1 }, ["room_started", "participant_joined", "participant_left"]);
    expect(got.map((e) => e.event)).toEqual(["room_started", "participant_left"]);
  });

  it("limits faults to the chosen events", async () => {
    const got = await deliver({ drop: 1, events: ["participant_left"] }, ["participant_joined", "participant_left", "room_finished"]);
    expect(got.map((e) => e.event)).toEqual(["participant_joined", "room_finished"]);
  });

  it("refuses nonsense settings with a clear error", () => {
    expect(() => new FaultInjector({ drop: 2 })).toThrow(/drop must be a probability/);
    expect(() => new FaultInjector({ duplicate: -0.1 })).toThrow(/duplicate must be a probability/);
    expect(() => new FaultInjector({ delayMs: [50, 10] })).toThrow(/delayMs/);
    expect(() => new FaultInjector({ delayMs: -1 })).toThrow(/delayMs/);
  });

  it("makes the same choices for the same seed", () => {
    const plans = (seed: number) => {
      const f = new FaultInjector({ drop: 0.3, duplicate: 0.3, delayMs: [0, 100], seed });
      return ten.map((e) => f.plan(e));
    };
    expect(plans(42)).toEqual(plans(42));
    expect(plans(42)).not.toEqual(plans(43));
  });
});
