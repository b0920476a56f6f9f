// Dev identity tokens: the devkit signs ES256 JWTs with a fixed, public, development-only key and
// validates client tokens against the project's auth.config.ts the way a deployment does.
import { SignJWT, importJWK, jwtVerify, decodeJwt, createRemoteJWKSet, createLocalJWKSet, type JWK, type JWTPayload, type KeyLike } from "jose";
import { DevBackendError } from "./errors.js";
import type { Identity } from "./runtime.js";

/** Issuer of dev tokens. `.invalid` is reserved: nothing real can ever answer for it. */
export const DEV_AUTH_ISSUER = "https://auth.alertrun-dev.invalid";
/** Audience (Convex `applicationID`) of dev tokens. */
export const DEV_AUTH_APPLICATION_ID = "alertrun-dev";

// Development only, and public on purpose: anyone can mint tokens the dev backend accepts.
const DEV_PRIVATE_JWK: JWK = {
  kty: "EC",
  crv: "P-256",
  x: "RgqlGH9bPzf5LXEaCNLszAQ6-4_BXBAU1Q7Am6j0hL4",
  y: "rnjfYmp14oD2zl-Xumz2Sd2NkHgHoZb2ZVXalaZPxWE",
  d: "BnwoPOOWtfCHF3dINShnz5UfIPVcIT7cu7z4y5L91o8",
};
const DEV_KID = "alertrun-dev-1";

export const DEV_PUBLIC_JWK: JWK = { kty: "EC", crv: "P-256", x: DEV_PRIVATE_JWK.x!, y: DEV_PRIVATE_JWK.y!, alg: "ES256", use: "sig", kid: DEV_KID };

let privateKey: Promise<KeyLike | Uint8Array> | undefined;

export interface DevIdentityClaims {
  subject: string;
  name?: string;
  role?: string;
  email?: string;
  /** Lifetime in seconds (default one hour). */
  expiresInSeconds?: number;
  /** Extra custom claims (they reach `getUserIdentity()` as-is). */
  claims?: Record<string, unknown>;
}

/** Signs a dev identity JWT accepted by the dev backend (issuer {@link DEV_AUTH_ISSUER}). */
export async function mintDevIdentityToken(options: DevIdentityClaims): Promise<string> {
  privateKey ??= importJWK(DEV_PRIVATE_JWK, "ES256");
  const payload: JWTPayload = { ...options.claims };
  if (options.name !== undefined) payload.name = options.name;
  if (options.role !== undefined) payload.role = options.role;
  if (options.email !== undefined) payload.email = options.email;
  return await new SignJWT(payload)
    .setProtectedHeader({ alg: "ES256", kid: DEV_KID, typ: "JWT" })
    .setIssuer(DEV_AUTH_ISSUER)
    .setAudience(DEV_AUTH_APPLICATION_ID)
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600))
    .sign(await privateKey);
}

type Provider = { domain?: string; issuer?: string; applicationID?: string; type?: string; jwks?: string; algorithm?: string };

const CLAIM_TO_ATTRIBUTE: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
const RESERVED = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti"]);

function identityFromClaims(claims: JWTPayload): Identity {
  const identity: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries(claims)) {
    if (RESERVED.has(claim)) continue;
    identity[CLAIM_TO_ATTRIBUTE[claim] ?? claim] = value;
  }
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  return { ...identity, issuer, subject, tokenIdentifier: `${issuer}|${subject}` };
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** Validates bearer tokens against auth.config.ts providers. */
export class AuthValidator {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  constructor(private readonly providers: Provider[]) {}

  static fromConfig(config: unknown): AuthValidator {
    const providers = (config as { providers?: Provider[] } | undefined)?.providers ?? [];
    return new AuthValidator(providers.filter((p) => p && typeof p === "object"));
  }

  private keySetFor(provider: Provider, issuer: string) {
    if (issuer === DEV_AUTH_ISSUER) return createLocalJWKSet({ keys: [DEV_PUBLIC_JWK] });
    const jwksUrl = provider.jwks;
    const cacheKey = jwksUrl ?? issuer;
    let set = this.keySets.get(cacheKey);
    if (!set) {
      if (jwksUrl?.startsWith("data:")) {
        const json = JSON.parse(decodeURIComponent(jwksUrl.slice(jwksUrl.indexOf(",") + 1))) as { keys: JWK[] };
        const local = createLocalJWKSet(json);
        return local;
      }
      if (jwksUrl) {
        set = createRemoteJWKSet(new URL(jwksUrl));
      } else {
        // OIDC: the key set's address comes from the issuer's discovery document.
        const discovery = fetch(`${trimSlash(issuer)}/.well-known/openid-configuration`)
          .then((r) => r.json() as Promise<{ jwks_uri: string }>)
          .then((d) => createRemoteJWKSet(new URL(d.jwks_uri)));
        discovery.catch(() => this.keySets.delete(cacheKey));
        set = (async (header, token) => (await discovery)(header, token)) as ReturnType<typeof createRemoteJWKSet>;
      }
      this.keySets.set(cacheKey, set);
    }
    return set;
  }

  async validate(token: string): Promise<Identity> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new DevBackendError("auth/invalid-token", "Could not parse JWT payload. Check that the token is a valid JWT format.");
    }
    const iss = typeof claims.iss === "string" ? trimSlash(claims.iss) : "";
    const auds = Array.isArray(claims.aud) ? claims.aud : claims.aud ? [claims.aud] : [];
    const provider = this.providers.find((p) => {
      const providerIssuer = trimSlash(p.issuer ?? p.domain ?? "");
      if (providerIssuer !== iss) return false;
      return p.applicationID === undefined || auds.includes(p.applicationID);
    });
    if (!provider) {
      throw new DevBackendError(
        "auth/no-provider",
        `No auth provider found matching the given token (no providers configured match issuer "${iss}" and audience ${JSON.stringify(auds)}). Check your server auth config.`,
      );
    }
    try {
      const { payload } = await jwtVerify(token, this.keySetFor(provider, iss), {
        issuer: [iss, `${iss}/`],
        ...(provider.applicationID ? { audience: provider.applicationID } : {}),
      });
      return identityFromClaims(payload);
    } catch (cause) {
      throw new DevBackendError(
        "auth/invalid-token",
        `Could not verify token claim. Check that the token signature is valid and the token hasn't expired. (${(cause as Error).message})`,
        { cause },
      );
    }
  }
}
