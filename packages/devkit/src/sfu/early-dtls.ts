import type { RTCDtlsTransport, RTCPeerConnection } from "werift";

/** At most this many records are kept per transport (a ClientHello and its retransmissions). */
const MAX_EARLY_RECORDS = 16;

/** RFC 7983 demultiplexing: a first byte in 20–63 is DTLS. */
const isDtls = (data: Buffer) => data.length > 0 && data[0]! >= 20 && data[0]! <= 63;

type DtlsSocketLike = { transport?: { socket?: { onData?: (data: Buffer) => void } } };

/**
 * Keeps the DTLS records that reach a connection before werift has started its DTLS transport,
 * and hands them over when it starts.
 *
 * The browser sends its ClientHello the moment its own ICE check succeeds. werift starts its DTLS
 * server only once its `connect()` has run after the answer, and drops whatever DTLS arrived
 * before that; the browser then retransmits after its handshake timer (about 50 ms on loopback),
 * so every join paid that timer. Called before each `setLocalDescription`, when the transports
 * of the description exist; each transport is hooked once.
 */
export function keepEarlyDtls(pc: RTCPeerConnection, hooked: WeakSet<object>): void {
  for (const transport of pc.dtlsTransports) {
    if (hooked.has(transport)) continue;
    hooked.add(transport);
    hook(transport);
  }
}

function hook(transport: RTCDtlsTransport): void {
  const early: Buffer[] = [];
  let started = false;
  const socket = () => (transport.dtls as DtlsSocketLike | undefined)?.transport?.socket;
  const { unSubscribe } = transport.iceTransport.connection.onData.subscribe((data: Buffer) => {
    if (started || !isDtls(data)) return;
    if (early.length < MAX_EARLY_RECORDS) early.push(Buffer.from(data));
  });
  const stateChange = transport.onStateChange.subscribe((state) => {
    if (state !== "connecting") {
      if (state !== "new") stop();
      return;
    }
    // werift sets "connecting" just before it creates its DTLS socket in the same call.
    queueMicrotask(() => {
      const onData = socket()?.onData;
      const records = early.splice(0);
      stop();
      if (!onData) return;
      for (const record of records) {
        try {
          onData(record);
        } catch {
          // A record werift cannot take now is one the browser retransmits anyway.
        }
      }
    });
  });
  function stop(): void {
    if (started) return;
    started = true;
    early.length = 0;
    unSubscribe();
    stateChange.unSubscribe();
  }
}
