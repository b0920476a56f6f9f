/**
 * Identity providers whose JWTs Convex accepts (`ctx.auth`). Read from environment variables so one
 * codebase serves every deployment:
 * - ALERTRUN_AUTH_ISSUER: the OIDC issuer URL (its `/.well-known/openid-configuration` must be
 *   reachable by Convex); the devkit points it at its own development issuer.
 * - ALERTRUN_AUTH_APPLICATION_ID: the expected `aud` claim.
 * With ALERTRUN_AUTH_ISSUER unset no provider is configured and every caller is anonymous.
 */
const issuer = process.env.ALERTRUN_AUTH_ISSUER;
const applicationID = process.env.ALERTRUN_AUTH_APPLICATION_ID ?? "alertrun";

export default {
  providers: issuer ? [{ domain: issuer, applicationID }] : [],
};
