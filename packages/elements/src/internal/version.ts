/** Package version, compared by the guarded `define()` when two copies meet on one page. */
export const VERSION = "0.0.0";
