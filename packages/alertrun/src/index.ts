/**
 * `alertrun`: the umbrella package. Importing it registers every element (`<alert-button>`,
 * `<alert-stream-viewer>`, `<alert-map>`, `<alert-feed>`, `<alert-provider>`) and re-exports the
 * element classes and the core client.
 */
export * from "@alertrun/elements/define";
export { AlertRunClient, AlertRunError } from "@alertrun/core";
export type * from "@alertrun/core";
