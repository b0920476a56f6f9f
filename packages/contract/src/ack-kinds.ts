/**
 * The acknowledgement kinds as a plain list. Kept apart from ./shapes.ts on purpose: clients use
 * this list at run time, and importing it must not pull Convex's validator classes into their
 * bundles (shapes.ts builds validators at module load).
 */
import type { AckKind } from "./shapes.js";

export const ACK_KINDS: readonly AckKind[] = ["seen", "on_my_way", "called_emergency_services"];
