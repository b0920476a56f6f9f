// Argument validation worded like a Convex deployment's `ArgumentValidationError`, checked before
// convex-test runs the function (its own messages differ). Works on the validators' JSON export.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";

type ValidatorJSON =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "any" | "commitTs" }
  | { type: "literal"; value: JSONValue }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJSON }
  | { type: "record"; keys: ValidatorJSON; values: { fieldType: ValidatorJSON } }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> }
  | { type: "union"; value: ValidatorJSON[] };

export function printValue(value: Value | undefined): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (Array.isArray(value)) return `[${value.map(printValue).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${printValue(v as Value)}`)
    .join(", ")}}`;
}

export function printValidator(v: ValidatorJSON): string {
  switch (v.type) {
    case "number":
      return "v.float64()";
    case "bigint":
      return "v.int64()";
    case "literal":
      return `v.literal(${printValue(jsonToConvex(v.value))})`;
    case "id":
      return `v.id(${JSON.stringify(v.tableName)})`;
    case "array":
      return `v.array(${printValidator(v.value)})`;
    case "record":
      return `v.record(${printValidator(v.keys)}, ${printValidator(v.values.fieldType)})`;
    case "object":
      return `v.object({${Object.entries(v.value)
        .map(([k, f]) => `${k}: ${f.optional ? `v.optional(${printValidator(f.fieldType)})` : printValidator(f.fieldType)}`)
        .join(", ")}})`;
    case "union":
      return `v.union(${v.value.map(printValidator).join(", ")})`;
    default:
      return `v.${v.type}()`;
  }
}

const isPlainObject = (x: unknown): x is Record<string, Value> =>
  typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof ArrayBuffer);

/** Returns the deployment's message for the first problem, or null when the value fits. */
function check(v: ValidatorJSON, value: Value | undefined, path: string): string | null {
  const mismatch = () =>
    `Value does not match validator.\n${path ? `Path: ${path}\n` : ""}Value: ${printValue(value)}\nValidator: ${printValidator(v)}`;
  switch (v.type) {
    case "any":
      return value === undefined ? mismatch() : null;
    case "null":
      return value === null ? null : mismatch();
    case "number":
      return typeof value === "number" ? null : mismatch();
    case "bigint":
      return typeof value === "bigint" ? null : mismatch();
    case "boolean":
      return typeof value === "boolean" ? null : mismatch();
    case "string":
      return typeof value === "string" ? null : mismatch();
    case "bytes":
      return value instanceof ArrayBuffer ? null : mismatch();
    case "commitTs":
      return null;
    case "literal": {
      const expected = jsonToConvex(v.value);
      return value === expected ? null : mismatch();
    }
    case "id":
      // Ids are strings naming their table; the runtime checks the rest when it reads.
      return typeof value === "string" ? null : mismatch();
    case "array": {
      if (!Array.isArray(value)) return mismatch();
      for (let i = 0; i < value.length; i++) {
        const problem = check(v.value, value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
      return null;
    }
    case "record": {
      if (!isPlainObject(value)) return mismatch();
      for (const [k, item] of Object.entries(value)) {
        const problem = check(v.values.fieldType, item, `${path}.${k}`);
        if (problem) return problem;
      }
      return null;
    }
    case "object": {
      if (!isPlainObject(value)) return mismatch();
      for (const [k, field] of Object.entries(v.value)) {
        if (value[k] === undefined) {
          if (field.optional) continue;
          return `Object is missing the required field \`${k}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n\n${path ? `Path: ${path}\n` : ""}Object: ${printValue(value)}\nValidator: ${printValidator(v)}`;
        }
        const problem = check(field.fieldType, value[k], `${path}.${k}`);
        if (problem) return problem;
      }
      for (const k of Object.keys(value)) {
        if (!(k in v.value) && value[k] !== undefined) {
          return `Object contains extra field \`${k}\` that is not in the validator.\n\n${path ? `Path: ${path}\n` : ""}Object: ${printValue(value)}\nValidator: ${printValidator(v)}`;
        }
      }
      return null;
    }
    case "union":
      return v.value.some((member) => check(member, value, path) === null) ? null : mismatch();
  }
}

/** `exportArgs()` of a registered function → an `ArgumentValidationError` message, or null. */
export function argumentError(exportArgs: string, args: Record<string, Value>): string | null {
  const validator = JSON.parse(exportArgs) as ValidatorJSON;
  if (validator.type === "any") return null;
  const problem = check(validator, args, "");
  return problem ? `ArgumentValidationError: ${problem}` : null;
}
