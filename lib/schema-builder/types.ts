// Shared vocabulary of the schema builder's modules (lint, fixes, tree, import, try-it). Everything
// under lib/schema-builder/ is plain, isomorphic TypeScript: the editor runs it as you type and the
// server runs the same code in the assistant schema, so both report the same problem at the same path.

/** A JSON Schema object as edited: plain JSON, unknown keywords kept as they are. */
export type JsonSchema = Record<string, unknown>;

/** A JSON object (not an array, not null): the one shape check every module here needs. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A location inside a schema as segments: `["properties", "address", "required"]`, `["anyOf", 0]`. */
export type SchemaPath = (string | number)[];

/** What a schema is for. Function parameters and response formats differ in a few rules. */
export type SchemaTarget = "function" | "response_format";

export type ProblemSeverity = "error" | "warning";

/** Which check found a problem; stable ids, shown to people and used by tests. */
export type RuleId =
  // The schema is not valid JSON Schema (meta-schema, $ref, regex): lib/json-schema.ts.
  | "json-schema"
  // Function parameters must be an object, strict or not.
  | "function/parameters-object"
  // Strict mode (OpenAI Structured Outputs), errors.
  | "strict/root-object"
  | "strict/root-any-of"
  | "strict/additional-properties"
  | "strict/required"
  | "strict/unsupported-keyword"
  | "strict/all-of"
  | "strict/nullable-keyword"
  | "strict/default"
  | "strict/missing-type"
  | "strict/array-items"
  | "strict/nesting-depth"
  | "strict/property-count"
  | "strict/enum-count"
  | "strict/string-size"
  // Portability: accepted here, but known to differ on Model Studio or local models. Warnings.
  | "portability/format"
  | "portability/pattern"
  | "portability/recursion"
  | "portability/string-constraints";

export type SchemaProblem = {
  rule: RuleId;
  severity: ProblemSeverity;
  /** Path inside the schema; the server prefixes it (`tools[0].function.parameters`) for `error.param`. */
  path: SchemaPath;
  message: string;
  /** Present when one click can fix it: a label for the button; `applyFix` does the work. */
  fix?: string;
};

export type LintOptions = {
  strict: boolean;
  target: SchemaTarget;
};
