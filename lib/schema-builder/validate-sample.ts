import "server-only";
import { DeadlineExceeded, deadlineRunner } from "@/lib/vm-deadline";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { AppError } from "@/lib/errors";
import type { JsonSchema } from "@/lib/schema-builder/types";
import { checkStorable } from "@/lib/storable-json";
import { z } from "@/lib/zod";

// "Try it": checks a sample value (a function's arguments, a response) against the schema with
// Ajv. Validation runs here, not in the editor, because Ajv compiles each schema to code with
// `new Function`, which the console's CSP forbids in the browser. Compiled validators are cached
// by schema text, so re-checking an edited sample against an unchanged schema costs no compile.
// Anyone who can view the workspace may call this, so what it costs is bounded: sizes and depth
// by the input schema, memory by dropping the Ajv instances with the cache, time by a deadline.

/** Over this, a check is stopped: a `pattern` can backtrack for minutes on a 40-character string. */
export const CHECK_DEADLINE_MS = 250;
const MAX_SCHEMA_CHARS = 500_000;
const MAX_SAMPLE_CHARS = 100_000;

const boundedJson = (max: number, what: string) => (value: unknown, ctx: z.RefinementCtx) => {
  if (!checkStorable(value, ctx)) return;
  const length = JSON.stringify(value)?.length ?? 0;
  if (length > max) ctx.addIssue({ code: "custom", message: `${what} is ${length} characters of JSON; at most ${max} can be checked` });
};

/** The "Try it" request: a schema and a value to check against it. */
export const sampleCheckSchema = z.object({
  schema: z.record(z.string(), z.unknown()).superRefine(boundedJson(MAX_SCHEMA_CHARS, "the schema")),
  sample: z.unknown().superRefine(boundedJson(MAX_SAMPLE_CHARS, "the sample")),
});

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
  // Ajv keeps every schema it compiled (and registers nested $ids): rather than unpick that per
  // entry, a full cache starts over with new instances, which bounds memory at CACHE_SIZE schemas.
  if (cache.size >= CACHE_SIZE) {
    cache.clear();
    ajv2020 = ajv07 = null;
  }
  cache.set(key, validate);
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

// Run under a deadline (lib/vm-deadline.ts): a backtracking `pattern` would otherwise hold the thread.
const runCheck = deadlineRunner("validate(sample)", { validate: null as ValidateFunction | null, sample: undefined as unknown });

function runWithDeadline(validate: ValidateFunction, sample: unknown): boolean {
  try {
    return runCheck({ validate, sample }, CHECK_DEADLINE_MS) as boolean;
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      throw new AppError(
        "invalid_request",
        `Checking took over ${CHECK_DEADLINE_MS} ms and was stopped: a 'pattern' in the schema backtracks catastrophically on this sample (nested quantifiers such as (a+)+). Simplify the pattern.`,
        { param: "schema" },
      );
    }
    if (error instanceof RangeError) throw new AppError("invalid_request", "The schema or sample is too deeply recursive to check.", { param: "schema" });
    throw error;
  }
}

export function validateSample(schema: JsonSchema, sample: unknown): SampleResult {
  const validate = compiled(schema);
  const valid = runWithDeadline(validate, sample);
  // anyOf failures repeat each branch's errors; keep one message per path and text.
  const seen = new Set<string>();
  const errors = (validate.errors ?? []).map(describe).filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { valid, errors };
}
