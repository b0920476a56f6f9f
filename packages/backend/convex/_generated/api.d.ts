/* eslint-disable */
  /**
   * Generated `api` utility.
   *
   * THIS CODE IS AUTOMATICALLY GENERATED.
   *
   * To regenerate, run `npx convex dev`.
   * @module
   */
  
  import type { ApiFromModules, FilterApi, FunctionReference } from "convex/server";
  import type * as acks from "../acks.js";
import type * as alerts from "../alerts.js";
import type * as clips from "../clips.js";
import type * as crons from "../crons.js";
import type * as directSignals from "../directSignals.js";
import type * as heartbeat from "../heartbeat.js";
import type * as http from "../http.js";
import type * as lib_access from "../lib/access.js";
import type * as lib_clock from "../lib/clock.js";
import type * as lib_config from "../lib/config.js";
import type * as lib_directConfig from "../lib/directConfig.js";
import type * as lib_engagement from "../lib/engagement.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_livekitToken from "../lib/livekitToken.js";
import type * as lib_liveness from "../lib/liveness.js";
import type * as lib_ownerKey from "../lib/ownerKey.js";
import type * as lib_rateLimit from "../lib/rateLimit.js";
import type * as lib_roles from "../lib/roles.js";
import type * as lib_summary from "../lib/summary.js";
import type * as lib_validate from "../lib/validate.js";
import type * as lib_viewerIdentity from "../lib/viewerIdentity.js";
import type * as locations from "../locations.js";
import type * as media from "../media.js";
import type * as messages from "../messages.js";
import type * as presence from "../presence.js";
import type * as reconcile from "../reconcile.js";
import type * as reservations from "../reservations.js";
import type * as retention from "../retention.js";
import type * as seed from "../seed.js";
import type * as sites from "../sites.js";
import type * as webhooks from "../webhooks.js";

  /**
   * A utility for referencing Convex functions in your app's API.
   *
   * Usage:
   * ```js
   * const myFunctionReference = api.myModule.myFunction;
   * ```
   */
  declare const fullApi: ApiFromModules<{
    "acks": typeof acks,
"alerts": typeof alerts,
"clips": typeof clips,
"crons": typeof crons,
"directSignals": typeof directSignals,
"heartbeat": typeof heartbeat,
"http": typeof http,
"lib/access": typeof lib_access,
"lib/clock": typeof lib_clock,
"lib/config": typeof lib_config,
"lib/directConfig": typeof lib_directConfig,
"lib/engagement": typeof lib_engagement,
"lib/errors": typeof lib_errors,
"lib/livekitToken": typeof lib_livekitToken,
"lib/liveness": typeof lib_liveness,
"lib/ownerKey": typeof lib_ownerKey,
"lib/rateLimit": typeof lib_rateLimit,
"lib/roles": typeof lib_roles,
"lib/summary": typeof lib_summary,
"lib/validate": typeof lib_validate,
"lib/viewerIdentity": typeof lib_viewerIdentity,
"locations": typeof locations,
"media": typeof media,
"messages": typeof messages,
"presence": typeof presence,
"reconcile": typeof reconcile,
"reservations": typeof reservations,
"retention": typeof retention,
"seed": typeof seed,
"sites": typeof sites,
"webhooks": typeof webhooks,
  }>;
  export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;
  export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;
  