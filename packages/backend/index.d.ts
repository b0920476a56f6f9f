/** Absolute path of the shipped `convex/` functions folder (schema and functions, TypeScript). */
export declare const convexDir: string;
