export { startDevBackend, defaultFunctionsDir, DEFAULT_ENV, type DevBackend, type DevBackendOptions } from "./backend.js";
export { mintDevIdentityToken, DEV_AUTH_ISSUER, DEV_AUTH_APPLICATION_ID, DEV_PUBLIC_JWK, type DevIdentityClaims } from "./auth.js";
export { DevBackendError, type DevBackendErrorCode } from "./errors.js";
export type { HubStats, Invalidation } from "./hub.js";
