// Convex timestamps: nanoseconds as an unsigned 64-bit integer, sent as base64 of its 8
// little-endian bytes.
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

/** A monotonic clock: every commit gets a strictly larger timestamp, close to wall time. */
export class Clock {
  private last: bigint;
  constructor(start = 0n) {
    this.last = start;
  }
  get current(): bigint {
    return this.last;
  }
  advance(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.last = now > this.last ? now : this.last + 1n;
    return this.last;
  }
}
