import { StateMachine, type TransitionTable } from "../util/state-machine.js";

export type ViewerStateName = "idle" | "waiting" | "connecting" | "live" | "reconnecting" | "unavailable" | "ended" | "error";

/**
 * `waiting`: the alert is known (or awaited) but its stream is not live yet; `connecting`: the
 * stream is live and the media room is being joined; `live`: a remote track is playing.
 * `unavailable`: the media server is down and the broadcaster is on the direct path, which this
 * viewer cannot take (not a responder, or the broadcaster's direct connections are all in use);
 * alert details, location and chat go on.
 * `ended → waiting` exists for `watch("latest")`, which moves on to the next alert.
 */
export const VIEWER_TRANSITIONS: TransitionTable<ViewerStateName> = {
  idle: ["waiting", "connecting", "ended", "error"],
  waiting: ["connecting", "live", "unavailable", "ended", "error"],
  connecting: ["waiting", "live", "reconnecting", "unavailable", "ended", "error"],
  live: ["waiting", "connecting", "reconnecting", "unavailable", "ended", "error"],
  reconnecting: ["live", "waiting", "connecting", "unavailable", "ended", "error"],
  unavailable: ["waiting", "connecting", "live", "reconnecting", "ended", "error"],
  ended: ["waiting"],
  error: ["waiting", "connecting", "ended"],
};

export function createViewerMachine(): StateMachine<ViewerStateName> {
  return new StateMachine("viewer", VIEWER_TRANSITIONS, "idle", "not started");
}
