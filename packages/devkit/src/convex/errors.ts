/** Stable codes for failures of the dev backend itself (not of the functions it runs). */
export type DevBackendErrorCode =
  | "runtime/unsupported-convex-test"
  | "runtime/no-functions"
  | "runtime/module-load-failed"
  | "persistence/corrupt-snapshot"
  | "auth/invalid-token"
  | "auth/no-provider"
  | "protocol/bad-frame";

export class DevBackendError extends Error {
  readonly code: DevBackendErrorCode;
  constructor(code: DevBackendErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DevBackendError";
    this.code = code;
  }
}
