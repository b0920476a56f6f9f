/** Stable codes for everything the dev SFU refuses; `status` is the HTTP status LiveKit uses. */
export type SfuErrorCode =
  | "sfu/invalid-token"
  | "sfu/permission-denied"
  | "sfu/room-mismatch"
  | "sfu/malformed-message"
  | "sfu/not-found";

export class SfuError extends Error {
  readonly code: SfuErrorCode;
  readonly status: number;
  constructor(code: SfuErrorCode, message: string, status = 400, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SfuError";
    this.code = code;
    this.status = status;
  }
}
