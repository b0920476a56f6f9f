/**
 * Typed references to the backend's public functions, for clients. A reference is only a name at
 * run time (`makeFunctionReference`); its type carries the arguments and the result, derived from
 * ./functions.ts, so a call with a renamed or missing argument does not compile.
 */
import type { FunctionReference } from "convex/server";
import type { Infer, ObjectType } from "convex/values";
import type { FunctionKind, FunctionName, Functions } from "./functions.js";

/** The arguments of a backend function, as the caller passes them. */
export type ArgsOf<N extends FunctionName> = ObjectType<Functions[N]["args"]>;
/** The result of a backend function. */
export type ResultOf<N extends FunctionName> = Infer<Functions[N]["returns"]>;
export type KindOf<N extends FunctionName> = Functions[N]["kind"];

/** The names of the backend functions of one kind. */
export type NamesOf<K extends FunctionKind> = { [N in FunctionName]: Functions[N]["kind"] extends K ? N : never }[FunctionName];

export type ReferenceOf<N extends FunctionName> = FunctionReference<KindOf<N>, "public", ArgsOf<N>, ResultOf<N>>;

/**
 * A typed reference to the public function `name` ("alerts:start", ...). The object is what
 * convex's `makeFunctionReference` builds (the name under the global `Symbol.for("functionName")`),
 * written here so that clients do not pull `convex/server` into their entry chunk.
 */
export function reference<N extends FunctionName>(name: N): ReferenceOf<N> {
  return { [Symbol.for("functionName")]: name } as unknown as ReferenceOf<N>;
}
