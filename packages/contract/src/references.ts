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

/** A typed reference to a public function of kind `K`, for clients whose methods take one kind. */
export type KindReference<K extends FunctionKind, N extends NamesOf<K>> = FunctionReference<K, "public", ArgsOf<N>, ResultOf<N>>;

/** `reference(name)` for a caller that has already narrowed the kind (`ConvexClient.mutation`...). */
export function referenceOfKind<K extends FunctionKind, N extends NamesOf<K>>(_kind: K, name: N): KindReference<K, N> {
  return reference(name) as unknown as KindReference<K, N>;
}
