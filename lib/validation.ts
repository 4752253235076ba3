import { NEVER, type z } from "zod";
import { AppError, type FieldErrors } from "@/lib/errors";
import { REQUIRED_MESSAGE } from "@/lib/zod";
import { findLoneSurrogate, LONE_SURROGATE_MESSAGE, toWellFormed } from "@/lib/unicode";

// Turns zod issues into the two shapes callers need: OpenAI's `param` (`tools[0].function.name`)
// for the API, and react-hook-form field names (`tools.0.function.name`) for server actions.

type Segment = PropertyKey;

export function toParam(path: readonly Segment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

export function toFieldName(path: readonly Segment[]): string {
  return path.map(String).join(".");
}

/** An API param as the form names the field: `tool_resources.file_search.vector_store_ids[0]` → `….vector_store_ids.0`. */
export const paramToFieldName = (param: string): string => param.replace(/\[(\d+)\]/g, ".$1");

/** invalid_request blaming one parameter, as the API reports it (`param`) and as a form shows it (a field error). */
export const invalidParam = (param: string, message: string): AppError =>
  new AppError("invalid_request", message, { param, fieldErrors: { [paramToFieldName(param)]: [message] } });

function issuePath(issue: z.core.$ZodIssue): Segment[] {
  // Zod reports unknown keys on the parent object; blame the key itself.
  if (issue.code === "unrecognized_keys" && issue.keys[0]) return [...issue.path, issue.keys[0]];
  return [...issue.path];
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `Unrecognized request argument${issue.keys.length > 1 ? "s" : ""} supplied: ${issue.keys.join(", ")}.`;
  }
  return issue.message;
}

export function validationError(error: z.ZodError): AppError {
  // A Map, not `{}`: field names come from user input ("constructor", "__proto__").
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const name = toFieldName(issuePath(issue)) || "_root";
    byField.set(name, [...(byField.get(name) ?? []), issueMessage(issue)]);
  }
  const fieldErrors: FieldErrors = Object.fromEntries(byField);
  const first = error.issues[0]!;
  const path = issuePath(first);
  const param = path.length ? toParam(path) : null;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  let message = `Invalid '${param ?? "body"}': ${issueMessage(first)}${more}`;
  if (first.code === "unrecognized_keys") message = `${issueMessage(first)}${more}`;
  else if (first.message === REQUIRED_MESSAGE) message = `Missing required parameter: '${param}'.${more}`;
  return new AppError("invalid_request", message, { param, fieldErrors });
}

/**
 * Throws invalid_request naming the first string in `input` with a lone UTF-16 surrogate (see
 * lib/unicode.ts), as `param` and as a field error. `fieldsUnder` names a key whose contents are a
 * form's values (the editor's actions take `{ id, values }`): field errors are then named inside it,
 * as the form names its fields.
 */
export function assertWellFormedText(input: unknown, opts: { fieldsUnder?: string } = {}): void {
  const found = findLoneSurrogate(input);
  if (!found) return;
  const path = found.map((segment) => (typeof segment === "string" ? toWellFormed(segment) : segment));
  const param = toParam(path) || null;
  const fieldPath = opts.fieldsUnder && path[0] === opts.fieldsUnder && path.length > 1 ? path.slice(1) : path;
  throw new AppError("invalid_request", `Invalid '${param ?? "body"}': ${LONE_SURROGATE_MESSAGE}.`, {
    param,
    fieldErrors: { [toFieldName(fieldPath) || "_root"]: [LONE_SURROGATE_MESSAGE] },
  });
}

/** Parses or throws an AppError("invalid_request") carrying every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // Every schema's strings are text: refused here once rather than by a refinement on each string.
  assertWellFormedText(input);
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * Inside a transform: parses `value` with `schema` (picked by the caller, e.g. by a `type` field)
 * and forwards its issues at their own paths, so errors point into the right variant instead of
 * zod's "invalid union". Returns z.NEVER on failure, as transforms must.
 */
export function parseInto<S extends z.ZodType>(schema: S, value: unknown, ctx: z.RefinementCtx): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as z.core.$ZodRawIssue);
  return NEVER as z.output<S>;
}
