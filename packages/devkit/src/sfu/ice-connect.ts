import type { RTCPeerConnection } from "werift";

/** The parts of werift's ICE agent (`Connection`) this module relies on; checked before use. */
interface IceAgent {
  connect(): Promise<void>;
  checkComplete?(pair: unknown): void;
  canSendApplicationData?(): boolean;
  nominated?: unknown;
}

type Connectable = { connect(): Promise<void> };

/**
 * Makes a werift peer connection report its ICE connection as soon as a pair is nominated, and
 * connect once at a time. Called once per connection.
 *
 * - werift's ICE `connect()` polls its check list every 20 ms while more remote candidates may
 *   still be trickled, so it noticed the browser's nomination up to 20 ms late, and the DTLS
 *   server (which starts only after it) with it. The agent's `connect()` now also resolves when
 *   the nomination completes and the pair may carry data; werift's own loop still finishes (and
 *   reports the state) at its next tick.
 * - A renegotiation answered while the first `connect()` still ran (livekit-client re-offers right
 *   after its first answer) made werift start its ICE transport a second time once the first had
 *   finished: the transport went back to "checking" and that second start never completed, so
 *   every later renegotiation waited on it. Calls now run one after the other; a later one finds
 *   the transports connected and returns at once, as werift intends.
 */
export function connectPromptly(pc: RTCPeerConnection): void {
  const target = pc as unknown as Connectable;
  const connect = target.connect.bind(pc);
  const patched = new WeakSet<object>();
  // werift's own ICE loops still running after an early resolution: the next call waits for them
  // too, so two loops never wait on the same agent's check list.
  const loops = new Set<Promise<void>>();
  let last: Promise<void> = Promise.resolve();
  target.connect = () => {
    for (const transport of pc.iceTransports) {
      const agent = transport.connection as unknown as IceAgent;
      if (patched.has(agent)) continue;
      patched.add(agent);
      resolveOnNomination(agent, loops);
    }
    const run = last.then(connect, connect);
    last = run.then(settled(loops), settled(loops));
    return run;
  };
}

const settled = (loops: Set<Promise<void>>) => () => Promise.all(loops).then(() => undefined);

function resolveOnNomination(agent: IceAgent, loops: Set<Promise<void>>): void {
  const checkComplete = agent.checkComplete?.bind(agent);
  const canSend = agent.canSendApplicationData?.bind(agent);
  // Another werift version: keep its own behaviour rather than guess at its internals.
  if (!checkComplete || !canSend) return;
  let nominated: (() => void) | undefined;
  agent.checkComplete = (pair: unknown) => {
    checkComplete(pair);
    if (agent.nominated !== undefined && canSend()) nominated?.();
  };
  const connect = agent.connect.bind(agent);
  agent.connect = () =>
    new Promise<void>((resolve, reject) => {
      nominated = () => {
        nominated = undefined;
        resolve();
      };
      const loop = connect().then(
        () => {
          nominated = undefined;
          resolve();
        },
        (error: unknown) => {
          nominated = undefined;
          reject(error);
        },
      );
      loops.add(loop);
      void loop.finally(() => loops.delete(loop));
    });
}
