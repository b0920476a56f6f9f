import { StateMachine, type TransitionTable } from "../util/state-machine.js";

export type BroadcastStateName = "idle" | "starting" | "live" | "ending" | "ended" | "error";

/**
 * `live` means the alert exists on the backend (responders are notified), not that video flows:
 * media has its own status in `session.media`, because the alert never waits on media.
 * `error` can still be ended (when an alert was created before the failure).
 */
export const BROADCAST_TRANSITIONS: TransitionTable<BroadcastStateName> = {
  idle: ["starting", "error"],
  starting: ["live", "ending", "error"],
  live: ["ending", "ended", "error"],
  ending: ["ended", "error"],
  ended: [],
  error: ["ending", "ended"],
};

export function createBroadcastMachine(): StateMachine<BroadcastStateName> {
  return new StateMachine("broadcast", BROADCAST_TRANSITIONS, "idle", "not started");
}
