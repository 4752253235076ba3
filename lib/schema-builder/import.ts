import { FUNCTION_NAME_PATTERN } from "@/lib/assistants/tools";
import { inferSchema } from "@/lib/schema-builder/infer";
import { jsonSyntaxError } from "@/lib/schema-builder/json-syntax";
import { isRecord, type JsonSchema } from "@/lib/schema-builder/types";

// "Paste anything": tool definitions copied from OpenAI or Anthropic code, a bare JSON Schema, or
// an example value to infer one from. Detection goes from the most specific shape to the least,
// and anything that is valid JSON but nothing else is an example, so a paste is never refused for
// its shape; `as` lets a person override a wrong guess.

export type ImportKind = "tools" | "function" | "schema" | "example";
export type ImportedFunction = { name: string; description?: string; strict?: boolean | null; parameters?: JsonSchema };
export type ImportResult =
  | { ok: true; kind: ImportKind; functions: ImportedFunction[]; schema: JsonSchema | null; note?: string }
  | { ok: false; message: string };

const TYPE_NAMES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
// Keywords that only make sense in a schema; a `type` with nothing but these around it is a schema.
const SCHEMA_KEYWORDS = new Set([
  ...["$schema", "$id", "$defs", "definitions", "$ref", "$comment", "$anchor", "type", "title", "description", "default", "examples"],
  ...["enum", "const", "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "items", "prefixItems"],
  ...["minItems", "maxItems", "uniqueItems", "contains", "minLength", "maxLength", "pattern", "format", "minimum", "maximum"],
  ...["exclusiveMinimum", "exclusiveMaximum", "multipleOf", "anyOf", "oneOf", "allOf", "not", "nullable", "minProperties", "maxProperties"],
]);


const fail = (message: string): ImportResult => ({ ok: false, message });

function isSchemaLike(value: Record<string, unknown>): boolean {
  if (typeof value.$schema === "string" || isRecord(value.$defs)) return true;
  if (isRecord(value.properties) && (value.type === undefined || value.type === "object")) return true;
  if (["anyOf", "oneOf", "allOf"].some((keyword) => Array.isArray(value[keyword]) && (value[keyword] as unknown[]).every(isRecord))) return true;
  const types = typeof value.type === "string" ? [value.type] : Array.isArray(value.type) ? value.type : [];
  if (types.length === 0 || !types.every((type) => typeof type === "string" && TYPE_NAMES.has(type))) return false;
  return Object.keys(value).every((key) => SCHEMA_KEYWORDS.has(key) || key.startsWith("x-"));
}

/** One tool or function in any of the shapes people paste. */
function isFunctionLike(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  if (value.type === "function") return isRecord(value.function) || typeof value.name === "string";
  if (value.type !== undefined && value.type !== "custom") return false;
  return typeof value.name === "string" && (isRecord(value.parameters) || isRecord(value.input_schema) || typeof value.strict === "boolean");
}

/** Another kind of tool (code_interpreter, a plugin…): skipped with a note. */
function isOtherTool(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.type === "string" && value.type !== "function" && !isFunctionLike(value);
}

function isToolEntries(value: unknown[]): boolean {
  return value.length > 0 && value.every((entry) => isFunctionLike(entry) || isOtherTool(entry));
}

/** Tools with at least one function: what detection takes for a tools list. */
function isToolList(value: unknown): value is unknown[] {
  return Array.isArray(value) && isToolEntries(value) && value.some(isFunctionLike);
}

/** The tool list inside a pasted value, if it is one: an array, or a request body's tools/functions. */
function toolListOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return isToolEntries(value) ? value : null;
  if (!isRecord(value)) return null;
  for (const key of ["tools", "functions"]) if (Array.isArray(value[key]) && (value[key] as unknown[]).length > 0) return value[key] as unknown[];
  return null;
}

/** The schema of a response format: `{type: "json_schema", json_schema: {...}}` or its inner object. */
function responseFormatSchema(value: Record<string, unknown>): { name: string; schema: JsonSchema } | null {
  const inner = value.type === "json_schema" && isRecord(value.json_schema) ? value.json_schema : value;
  if (typeof inner.name !== "string" || !isRecord(inner.schema)) return null;
  return { name: inner.name, schema: inner.schema };
}

function detect(value: unknown): ImportKind {
  if (Array.isArray(value)) return isToolList(value) ? "tools" : "example";
  if (!isRecord(value)) return "example";
  const list = toolListOf(value);
  if (list && isToolList(list)) return "tools";
  if (isFunctionLike(value)) return "function";
  if (isSchemaLike(value) || responseFormatSchema(value)) return "schema";
  return "example";
}

/** The function inside one tool-list entry, or an error message naming where it is. */
function toFunction(entry: Record<string, unknown>, where: string): ImportedFunction | string {
  const nested = entry.type === "function" && isRecord(entry.function);
  const source = nested ? (entry.function as Record<string, unknown>) : entry;
  const at = nested ? `${where}.function` : where;
  if (typeof source.name !== "string" || source.name === "") return `${at} has no 'name'`;
  const result: ImportedFunction = { name: source.name };
  if (source.description !== undefined) {
    if (typeof source.description !== "string") return `${at}.description must be a string`;
    result.description = source.description;
  }
  if (source.strict !== undefined) {
    if (typeof source.strict !== "boolean" && source.strict !== null) return `${at}.strict must be true, false or null`;
    result.strict = source.strict;
  }
  // Anthropic calls the parameters input_schema.
  const parametersKey = source.parameters === undefined && source.input_schema !== undefined ? "input_schema" : "parameters";
  const parameters = source[parametersKey];
  if (parameters !== undefined) {
    if (!isRecord(parameters)) return `${at}.${parametersKey} must be a JSON Schema object`;
    result.parameters = parameters;
  }
  return result;
}

function functionsResult(kind: "tools" | "function", entries: unknown[], where: (index: number) => string): ImportResult {
  const functions: ImportedFunction[] = [];
  const skipped: string[] = [];
  for (const [index, entry] of entries.entries()) {
    if (isOtherTool(entry)) {
      skipped.push(String(entry.type));
      continue;
    }
    if (!isRecord(entry)) return fail(`${where(index)} is not a tool object`);
    const converted = toFunction(entry, where(index));
    if (typeof converted === "string") return fail(converted);
    functions.push(converted);
  }
  if (functions.length === 0) return fail(`No function tools found${skipped.length ? ` (only ${skipped.join(", ")})` : ""}`);
  const notes: string[] = [];
  if (skipped.length > 0) notes.push(`Skipped ${skipped.length} tool${skipped.length === 1 ? "" : "s"} that ${skipped.length === 1 ? "is not a function" : "are not functions"}: ${skipped.join(", ")}.`);
  const badNames = functions.filter((fn) => !FUNCTION_NAME_PATTERN.test(fn.name)).map((fn) => `'${fn.name}'`);
  if (badNames.length > 0) notes.push(`Rename ${badNames.join(", ")}: function names are 1-64 characters of a-z, A-Z, 0-9, _ and -.`);
  const names = functions.map((fn) => fn.name);
  const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (duplicates.length > 0) notes.push(`Function names must be unique; ${duplicates.map((name) => `'${name}'`).join(", ")} appear more than once.`);
  return { ok: true, kind, functions, schema: null, ...(notes.length ? { note: notes.join(" ") } : {}) };
}

function asTools(value: unknown): ImportResult {
  const list = toolListOf(value);
  if (list) return functionsResult("tools", list, (index) => (Array.isArray(value) ? `tools[${index}]` : `${isRecord(value) && Array.isArray(value.tools) ? "tools" : "functions"}[${index}]`));
  if (isFunctionLike(value)) return functionsResult("tools", [value], () => "tools[0]");
  return fail("This is not a tools array: expected [{\"type\": \"function\", \"function\": {\"name\": …}}, …] or a request body with \"tools\"");
}

function asFunction(value: unknown): ImportResult {
  if (isFunctionLike(value)) return functionsResult("function", [value], () => "tool");
  const list = toolListOf(value);
  if (list) return fail(`This is a list of ${list.length} tool${list.length === 1 ? "" : "s"}; import it as tools`);
  return fail("This is not a function definition: expected {\"name\": …, \"description\": …, \"parameters\": {…}} or {\"type\": \"function\", \"function\": {…}}");
}

function asSchema(value: unknown): ImportResult {
  if (!isRecord(value)) return fail(`A JSON Schema is an object; this is ${Array.isArray(value) ? "an array" : `a ${value === null ? "null" : typeof value}`}`);
  const format = isSchemaLike(value) ? null : responseFormatSchema(value);
  if (format) return { ok: true, kind: "schema", functions: [], schema: format.schema, note: `Took the schema of response format '${format.name}'.` };
  return { ok: true, kind: "schema", functions: [], schema: value };
}

function asExample(value: unknown): ImportResult {
  const schema = inferSchema(value, { strict: true });
  const notes = ["Inferred from one example: check the types, add descriptions, and decide which fields may be null."];
  if (schema.type !== "object") notes.push("The example is not an object, so the schema cannot be function parameters as it is.");
  return { ok: true, kind: "example", functions: [], schema, note: notes.join(" ") };
}

const IMPORTERS: Record<ImportKind, (value: unknown) => ImportResult> = { tools: asTools, function: asFunction, schema: asSchema, example: asExample };

/** Reads pasted text as `as` says, or as what it looks like. Problems with the text are results, not exceptions. */
export function parseImport(text: string, as?: ImportKind): ImportResult {
  if (text.trim() === "") return fail("Nothing to import: paste a tools array, a function definition, a JSON Schema or an example JSON value");
  let value: unknown;
  try {
    // Files saved by some Windows editors start with a byte order mark, which JSON.parse refuses.
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    let syntax: ReturnType<typeof jsonSyntaxError> = null;
    try {
      syntax = jsonSyntaxError(text.replace(/^\uFEFF/, ""));
    } catch {
      // Nesting deep enough to exhaust the stack: fall back to the engine's own message.
    }
    return fail(syntax ? `${syntax.message} (line ${syntax.line}, column ${syntax.column})` : `Not valid JSON: ${(error as Error).message}`);
  }
  try {
    return IMPORTERS[as ?? detect(value)](value);
  } catch (error) {
    if (error instanceof RangeError) return fail("The value is nested too deeply to import");
    throw error;
  }
}
