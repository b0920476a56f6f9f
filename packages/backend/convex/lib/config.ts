/**
 * Deployment settings from Convex environment variables (`npx convex env set NAME value`).
 * Fail closed: a deployment missing a production secret refuses with `config/missing`, unless it
 * declares itself a development deployment (`ALERTRUN_DEV_DEPLOYMENT=1`, which the devkit's dev
 * backend sets); only then do the development defaults apply. docs/backend.md lists the variables.
 */
import { fail } from "./errors";

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** The secrets a production deployment must set; without them anyone could sign tokens or keys. */
export const REQUIRED_SECRETS = ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "ALERTRUN_OWNER_KEY_SECRET"] as const;

/** True only when the deployment explicitly says it is for development. */
export function isDevDeployment(): boolean {
  return env("ALERTRUN_DEV_DEPLOYMENT") === "1";
}

/** Throws `config/missing` naming every unset secret, unless this is a development deployment. */
export function requireProductionConfig(): void {
  if (isDevDeployment()) return;
  const missing = REQUIRED_SECRETS.filter((name) => env(name) === undefined);
  if (missing.length > 0) {
    fail("config/missing", `This deployment is missing ${missing.join(", ")} (see docs/backend.md, "Environment variables").`);
  }
}

/** Default LiveKit dev server credentials (`livekit-server --dev` and the devkit SFU). */
export const DEV_LIVEKIT = { url: "ws://127.0.0.1:7880", apiKey: "devkey", apiSecret: "secret" } as const;

export function livekitConfig(): { url: string; apiKey: string; apiSecret: string } {
  requireProductionConfig();
  return {
    url: env("LIVEKIT_URL") ?? DEV_LIVEKIT.url,
    apiKey: env("LIVEKIT_API_KEY") ?? DEV_LIVEKIT.apiKey,
    apiSecret: env("LIVEKIT_API_SECRET") ?? DEV_LIVEKIT.apiSecret,
  };
}

/** Development-only default; a production deployment must set ALERTRUN_OWNER_KEY_SECRET. */
const DEV_OWNER_KEY_SECRET = "alertrun-dev-owner-key-secret-change-me";

export function ownerKeySecret(): string {
  requireProductionConfig();
  return env("ALERTRUN_OWNER_KEY_SECRET") ?? DEV_OWNER_KEY_SECRET;
}

/** Seconds without a sign of life from the broadcaster before the cron ends an alert. */
export function silenceTimeoutMs(siteOverrideSec: number | undefined): number {
  const fromEnv = Number(env("ALERTRUN_SILENCE_TIMEOUT_SEC"));
  const sec = siteOverrideSec ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 300);
  return sec * 1000;
}

/** A viewer counts as present this long after their last heartbeat. */
export const PRESENCE_TTL_MS = 30_000;
/** Heartbeats closer together than this are answered without a write. */
export const PRESENCE_MIN_INTERVAL_MS = 5_000;
/** LiveKit tokens live this long (the issue caps it at 10 minutes). */
export const TOKEN_TTL_SEC = 600;
/** Minimum spacing of stored location points. */
export const LOCATION_MIN_INTERVAL_MS = 1_000;
/** An unchanged position is stored again only after this long (a keep-alive for the trail). */
export const LOCATION_UNCHANGED_INTERVAL_MS = 30_000;
/** Clips may still be attached this long after an alert ends (the recorder flushes its tail). */
export const CLIP_GRACE_AFTER_END_MS = 5 * 60_000;
export const CLIP_MAX_BYTES = 50 * 1024 * 1024;
export const CLIPS_MAX_PER_ALERT = 2_000;

/** The LiveKit identity of an alert's broadcaster; viewers are `viewer:<viewerId>`. */
export const PUBLISHER_IDENTITY = "reporter";
export const VIEWER_IDENTITY_PREFIX = "viewer:";
