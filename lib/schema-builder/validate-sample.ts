import "server-only";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { AppError } from "@/lib/errors";
import type { JsonSchema } from "@/lib/schema-builder/types";

// "Try it": checks a sample value (a function's arguments, a response) against the schema with
// Ajv. Validation runs here, not in the editor, because Ajv compiles each schema to code with
// `new Function`, which the console's CSP forbids in the browser. Compiled validators are cached
// by schema text, so re-checking an edited sample against an unchanged schema costs no compile.

export type SampleError = { path: string; message: string };
export type SampleResult = { valid: boolean; errors: SampleError[] };

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const CACHE_SIZE = 200;
const cache = new Map<string, ValidateFunction>();

let ajv2020: Ajv | null = null;
let ajv07: Ajv | null = null;

function ajvFor(schema: JsonSchema): Ajv {
  // strict: false — schemas may carry keywords Ajv does not know (they are annotations to it).
  const options = { strict: false, allErrors: true, validateFormats: true, logger: false as const };
  if (typeof schema.$schema === "string" && DRAFT_07.test(schema.$schema)) return (ajv07 ??= addFormats(new Ajv(options)));
  return (ajv2020 ??= addFormats(new Ajv2020(options)));
}

function compiled(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  const [problem] = jsonSchemaProblems(schema);
  if (problem) {
    throw new AppError("invalid_request", `The schema is not valid JSON Schema, so nothing can be checked against it: ${problem.message}.`, { param: "schema" });
  }
  // $id is dropped for compiling: two schemas with the same $id would collide in Ajv's registry.
  const { $id: _id, ...body } = schema;
  let validate: ValidateFunction;
  try {
    validate = ajvFor(schema).compile(body);
  } catch (error) {
    throw new AppError("invalid_request", `The schema cannot be used for checking: ${(error as Error).message}.`, { param: "schema" });
  }
  cache.set(key, validate);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return validate;
}

/** `/items/0/name` → `items[0].name`; the whole value is `(root)`. */
function instancePath(pointer: string): string {
  if (!pointer) return "(root)";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function describe(error: ErrorObject): SampleError {
  const params = error.params as Record<string, unknown>;
  // Ajv blames the object for a missing or extra key; point at the key itself.
  if (error.keyword === "required") return { path: instancePath(`${error.instancePath}/${String(params.missingProperty)}`), message: "is required" };
  if (error.keyword === "additionalProperties") {
    return { path: instancePath(`${error.instancePath}/${String(params.additionalProperty)}`), message: "is not an allowed property" };
  }
  const message =
    error.keyword === "enum"
      ? `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`
      : (error.message ?? "is invalid");
  return { path: instancePath(error.instancePath), message };
}

export function validateSample(schema: JsonSchema, sample: unknown): SampleResult {
  const validate = compiled(schema);
  const valid = validate(sample) as boolean;
  // anyOf failures repeat each branch's errors; keep one message per path and text.
  const seen = new Set<string>();
  const errors = (validate.errors ?? []).map(describe).filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { valid, errors };
}
