import { Ajv, type ErrorObject } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";

// Checks that a value is a usable JSON Schema: valid against its meta-schema (2020-12 unless it
// declares draft-07) and compilable (every $ref resolves). Shared by the assistant schema (function
// parameters, response_format schemas) and, later, the schema builder.

export type SchemaProblem = {
  /** Path inside the checked schema, as segments (`["properties", "age", "type"]`). */
  path: (string | number)[];
  message: string;
};

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

// Meta-validation only reads these instances; user schemas are never added to them.
const metaValidators = {
  draft2020: new Ajv2020({ strict: false, validateFormats: false }),
  draft07: new Ajv({ strict: false, validateFormats: false }),
};

const isDraft07 = (schema: Record<string, unknown>) => typeof schema.$schema === "string" && DRAFT_07.test(schema.$schema);

/**
 * Compiling registers the schema's $ids in the Ajv instance, where a user's `$id` could collide
 * with (and removing it could delete) the meta-schemas. So user schemas compile in separate
 * instances that hold no meta-schemas and are emptied after every compile (compile is synchronous,
 * so no other request can see a half-registered schema).
 */
const compileOptions = { strict: false, validateFormats: false, validateSchema: false, meta: false } as const;
const compilers = { draft2020: new Ajv2020(compileOptions), draft07: new Ajv(compileOptions) };

function compileInIsolation(schema: Record<string, unknown>): void {
  const compiler = isDraft07(schema) ? compilers.draft07 : compilers.draft2020;
  try {
    compiler.compile(schema);
  } finally {
    compiler.removeSchema();
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Meta-schema failures come as a cascade (an enum miss, a type miss, then "must match a schema in
 * anyOf" for the same spot); keep the first, most specific one per path and name allowed values.
 */
function metaSchemaProblems(errors: ErrorObject[]): SchemaProblem[] {
  const byPath = new Map<string, SchemaProblem>();
  for (const error of errors) {
    if (byPath.has(error.instancePath)) continue;
    const allowed = error.keyword === "enum" ? (error.params as { allowedValues?: unknown[] }).allowedValues : undefined;
    const detail = allowed ? `must be one of ${allowed.map((value) => JSON.stringify(value)).join(", ")}` : (error.message ?? "is invalid");
    byPath.set(error.instancePath, { path: pointerToPath(error.instancePath), message: `is not valid JSON Schema: ${detail}` });
  }
  return [...byPath.values()];
}

export function jsonSchemaProblems(schema: unknown): SchemaProblem[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return [{ path: [], message: "must be a JSON Schema object" }];
  }
  const record = schema as Record<string, unknown>;
  const metaValidator = isDraft07(record) ? metaValidators.draft07 : metaValidators.draft2020;
  let valid: boolean;
  try {
    valid = metaValidator.validateSchema(record) as boolean;
  } catch (error) {
    // e.g. a $schema naming a meta-schema we do not know
    return [{ path: ["$schema"], message: (error as Error).message }];
  }
  if (!valid) return metaSchemaProblems(metaValidator.errors ?? []);
  try {
    compileInIsolation(record);
  } catch (error) {
    return [{ path: [], message: `cannot be compiled: ${(error as Error).message}` }];
  }
  return [];
}
