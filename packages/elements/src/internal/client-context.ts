import { createContext } from "@lit/context";
import type { AlertRunClient } from "@alertrun/core";
import type { AlertErrorDetail } from "../events.js";

/**
 * What `<alert-provider>` hands its descendants: a client, or the configuration error that kept
 * it from making one (so a child reports "missing site" rather than "missing convex-url"), or
 * `pending` while core's code loads.
 */
export type ClientSource = { client: AlertRunClient } | { error: AlertErrorDetail } | { pending: true };

/**
 * `Symbol.for` so two copies of the elements on one page still find each other's provider.
 */
export const clientContext = createContext<ClientSource | undefined>(Symbol.for("alertrun.client"));
