/**
 * @alertrun/devkit — development only. Local stand-ins for Convex and LiveKit so AlertRun runs
 * offline: a Convex-compatible dev backend, a LiveKit-compatible SFU, and both wired together.
 */
export * from "./convex/index.js";
export { startDevStack, startDevSfu, type DevStackOptions, type DevStack, type DevSfuOptions, type DevSfu } from "./stack.js";
