import type { ErrorObject } from "ajv";
import { draft07, draft2020, type MetaValidator } from "@/lib/generated/json-schema-meta";

// Checks that a value is a usable JSON Schema: valid against its meta-schema (2020-12 unless it
// declares draft-07), every $ref resolves, and every pattern is a valid regular expression. Shared by the assistant schema (function
// parameters, response_format schemas) and, later, the schema builder.

export type SchemaProblem = {
  /** Path inside the checked schema, as segments (`["properties", "age", "type"]`). */
  path: (string | number)[];
  message: string;
};

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

/**
 * The meta-schema validator for a schema's `$schema` (2020-12 when it names none), or null for one
 * we do not know. The validators are precompiled (scripts/generate-json-schema-validators.mjs) so
 * they also run in the browser, where the console's CSP forbids Ajv's run-time code generation.
 */
function metaValidatorFor(schema: Record<string, unknown>): MetaValidator | null {
  const declared = schema.$schema;
  if (typeof declared !== "string") return draft2020;
  if (DRAFT_07.test(declared)) return draft07;
  return DRAFT_2020.test(declared) ? draft2020 : null;
}

// Keywords whose values are data, not subschemas: a "$ref" or "pattern" inside them is just data.
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example"]);

function resolvesPointer(root: unknown, pointer: string): boolean {
  let node = root;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

/**
 * What compiling the schema would catch that the meta-schema does not: references that resolve to
 * nothing and regular expressions that do not parse. Checked by one walk instead of Ajv's compile,
 * whose code generation took seconds for a large (still under 1 MiB) request and blocks the server
 * while it runs. Only local references (`#/…` pointers and `#anchor`s) are supported: Atelier never
 * fetches remote schemas.
 */
function referenceProblems(root: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const anchors = new Set<string>();
  const refs: { ref: string; path: (string | number)[] }[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      const at = Array.isArray(node) ? [...path, Number(key)] : [...path, key];
      if ((key === "$ref" || key === "$dynamicRef") && typeof value === "string") refs.push({ ref: value, path: at });
      else if ((key === "$anchor" || key === "$dynamicAnchor") && typeof value === "string") anchors.add(value);
      else if (key === "pattern" && typeof value === "string") checkRegex(value, at, problems);
      else if (key === "patternProperties" && typeof value === "object" && value !== null) {
        for (const pattern of Object.keys(value)) checkRegex(pattern, at, problems);
      }
      if (!DATA_KEYWORDS.has(key)) stack.push({ node: value, path: at });
    }
  }
  for (const { ref, path } of refs) {
    const local = ref.startsWith("#/") || ref === "#" ? resolvesPointer(root, ref.slice(1)) : ref.startsWith("#") && anchors.has(ref.slice(1));
    if (!local) {
      const why = ref.startsWith("#") ? "points to nothing in this schema" : "must be a local reference ('#/$defs/…'): remote schemas are not fetched";
      problems.push({ path, message: `${JSON.stringify(ref)} ${why}` });
    }
  }
  return problems;
}

function checkRegex(pattern: string, path: (string | number)[], problems: SchemaProblem[]): void {
  try {
    new RegExp(pattern, "u");
  } catch {
    problems.push({ path, message: `${JSON.stringify(pattern)} is not a valid regular expression` });
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
  const metaValidator = metaValidatorFor(record);
  if (!metaValidator) {
    return [{ path: ["$schema"], message: `unknown meta-schema ${JSON.stringify(record.$schema)}: use JSON Schema 2020-12 (the default) or draft-07` }];
  }
  if (!metaValidator(record)) return metaSchemaProblems(metaValidator.errors ?? []);
  return referenceProblems(record);
}
