import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import draft7MetaSchema from "ajv/dist/refs/json-schema-draft-07.json" with { type: "json" };

// Checks that a value is a usable JSON Schema: valid against its meta-schema (2020-12 unless it
// declares draft-07) and compilable (every $ref resolves). Shared by the assistant schema (function
// parameters, response_format schemas) and, later, the schema builder.

export type SchemaProblem = {
  /** Path inside the checked schema, as segments (`["properties", "age", "type"]`). */
  path: (string | number)[];
  message: string;
};

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
ajv.addMetaSchema(draft7MetaSchema);

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
  let valid: boolean;
  try {
    valid = ajv.validateSchema(schema) as boolean;
  } catch (error) {
    // e.g. a $schema naming a meta-schema we do not know
    return [{ path: ["$schema"], message: (error as Error).message }];
  }
  if (!valid) return metaSchemaProblems(ajv.errors ?? []);
  try {
    ajv.compile(schema);
  } catch (error) {
    return [{ path: [], message: `cannot be compiled: ${(error as Error).message}` }];
  } finally {
    // Ajv caches compiled schemas by object and by $id; user schemas must not accumulate.
    ajv.removeSchema(schema);
  }
  return [];
}
