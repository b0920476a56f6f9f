import { StateMachine, type TransitionTable } from "../util/state-machine.js";

export type ViewerStateName = "idle" | "waiting" | "connecting" | "live" | "reconnecting" | "ended" | "error";

/**
 * `waiting`: the alert is known (or awaited) but its stream is not live yet; `connecting`: the
 * stream is live and the media room is being joined; `live`: a remote track is playing.
 * `ended → waiting` exists for `watch("latest")`, which moves on to the next alert.
 */
export const VIEWER_TRANSITIONS: TransitionTable<ViewerStateName> = {
  idle: ["waiting", "connecting", "ended", "error"],
  waiting: ["connecting", "live", "ended", "error"],
  connecting: ["waiting", "live", "reconnecting", "ended", "error"],
  live: ["waiting", "connecting", "reconnecting", "ended", "error"],
  reconnecting: ["live", "waiting", "connecting", "ended", "error"],
  ended: ["waiting"],
  error: ["waiting", "connecting", "ended"],
};

export function createViewerMachine(): StateMachine<ViewerStateName> {
  return new StateMachine("viewer", VIEWER_TRANSITIONS, "idle", "not started");
}
