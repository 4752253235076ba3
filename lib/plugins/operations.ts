import { createHash } from "node:crypto";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { FUNCTION_NAME_PATTERN } from "@/lib/assistants/tools";

// A dereferenced OpenAPI 3.0/3.1 document's operations as function tools: one name each (what the
// model calls), one JSON Schema object for all of its inputs (path, query and header parameters
// and the JSON body, merged), and the mapping that puts arguments back into a request. Operations
// this cannot express are kept, with the reason, so the registry can show why they are missing.

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const MAX_NAME = 64;
const MAX_DESCRIPTION = 1024;
// OpenAPI says these header parameters are ignored (the request's own headers say them).
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);
// Headers the HTTP client or Atelier sets; an operation taking them from the model is not callable.
const RESERVED_HEADER = /^(cookie|host|content-length|transfer-encoding|connection|keep-alive|upgrade|te|trailer|proxy-.*|mcp-.*)$/i;
// Keys that describe a schema to people or tools but mean nothing to a model's arguments.
const DROPPED_KEYS = new Set(["example", "xml", "discriminator", "externalDocs"]);

type Location = "path" | "query" | "header";
export type ParameterMapping = { in: Location; name: string; property: string };
export type BodyMapping = { mode: "flat"; properties: string[] } | { mode: "nested"; property: string } | null;

export type PluginOperation = {
  /** The function name offered to the model: ^[a-zA-Z0-9_-]{1,64}$, unique within the plugin. */
  name: string;
  method: string;
  path: string;
  operationId: string | null;
  description: string;
  parameters: Record<string, unknown>;
  mapping: { parameters: ParameterMapping[]; body: BodyMapping; contentType: string | null };
  /** Why a run cannot call it, or null. */
  unsupported: string | null;
};

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `operationId`, else `method_path`, as a function name: other characters become `_`, an empty
 * name `operation`; over 64 characters, the first 57 + `_` + 6 hex of the raw name's sha256 (so two
 * long names that share a start stay apart); a name already taken gets `_2`, `_3`… within 64.
 */
export function functionName(raw: string, taken: Set<string>): string {
  let name = raw.replace(/[^a-zA-Z0-9_-]+/g, "_").replace(/__+/g, "_").replace(/^[_-]+|[_-]+$/g, "") || "operation";
  if (name.length > MAX_NAME) name = `${name.slice(0, 57)}_${createHash("sha256").update(raw).digest("hex").slice(0, 6)}`;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, MAX_NAME - String(n).length - 1)}_${n}`;
  if (!FUNCTION_NAME_PATTERN.test(unique)) throw new Error(`functionName produced an invalid name: ${unique}`);
  taken.add(unique);
  return unique;
}

/**
 * An OpenAPI schema as plain JSON Schema for a request: 3.0's `nullable` and boolean exclusive
 * bounds rewritten, vendor and documentation keys dropped, read-only properties left out.
 */
export function toJsonSchema(node: unknown, openapi30: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, openapi30));
  if (!isRecord(node)) return node;
  const out: Json = {};
  const readOnly = new Set<string>();
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-") || DROPPED_KEYS.has(key) || (openapi30 && key === "nullable")) continue;
    if (key === "properties" && isRecord(value)) {
      const kept = Object.entries(value).filter(([name, schema]) => {
        const skip = isRecord(schema) && schema.readOnly === true;
        if (skip) readOnly.add(name);
        return !skip;
      });
      out.properties = Object.fromEntries(kept.map(([name, schema]) => [name, toJsonSchema(schema, openapi30)]));
    } else if (["enum", "const", "default", "examples", "required"].includes(key)) out[key] = value;
    else out[key] = toJsonSchema(value, openapi30);
  }
  if (readOnly.size && Array.isArray(out.required)) out.required = out.required.filter((name) => !readOnly.has(name as string));
  if (openapi30) {
    for (const bound of ["Minimum", "Maximum"] as const) {
      const flag = out[`exclusive${bound}`];
      if (typeof flag === "boolean") {
        if (flag && typeof out[bound.toLowerCase()] === "number") {
          out[`exclusive${bound}`] = out[bound.toLowerCase()];
          delete out[bound.toLowerCase()];
        } else delete out[`exclusive${bound}`];
      }
    }
    if (node.nullable === true) {
      if (typeof out.type === "string") out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
  }
  return out;
}

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: unknown; content?: Json };

/** Path-level parameters, overridden by the operation's own of the same name and location. */
function mergedParameters(item: Json, operation: Json): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const list of [item.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const parameter of list) if (isRecord(parameter) && typeof parameter.name === "string") byKey.set(`${parameter.in}:${parameter.name}`, parameter as Parameter);
  }
  return [...byKey.values()];
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

function parameterSchema(parameter: Parameter): unknown {
  if (parameter.schema !== undefined) return parameter.schema;
  const media = isRecord(parameter.content) ? Object.values(parameter.content)[0] : undefined;
  return isRecord(media) && media.schema !== undefined ? media.schema : { type: "string" };
}

function describeOperation(operation: Json): string {
  const text = [operation.summary, operation.description].filter((part) => typeof part === "string" && part.trim()).join("\n\n");
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

function buildOperation(method: string, path: string, item: Json, operation: Json, openapi30: boolean) {
  const properties: Json = {};
  const required: string[] = [];
  const mapped: ParameterMapping[] = [];
  const problems: string[] = [];
  for (const parameter of mergedParameters(item, operation)) {
    const where = parameter.in;
    if (where === "header" && IGNORED_HEADERS.has(parameter.name.toLowerCase())) continue;
    if (where === "cookie") problems.push(`cookie parameter '${parameter.name}' is not supported`);
    else if (where === "header" && RESERVED_HEADER.test(parameter.name)) problems.push(`header parameter '${parameter.name}' is set by the HTTP client, not by the model`);
    if (where !== "path" && where !== "query" && where !== "header") continue;
    const property = parameter.name in properties ? `${parameter.name}_${where}` : parameter.name;
    const schema = toJsonSchema(parameterSchema(parameter), openapi30);
    properties[property] = isRecord(schema) && parameter.description && !schema.description ? { ...schema, description: parameter.description } : schema;
    mapped.push({ in: where, name: parameter.name, property });
    if (parameter.required || where === "path") required.push(property);
  }
  let body: BodyMapping = null;
  let contentType: string | null = null;
  const requestBody = isRecord(operation.requestBody) ? operation.requestBody : null;
  if (requestBody) {
    const content = isRecord(requestBody.content) ? requestBody.content : {};
    contentType = Object.keys(content).find((type) => JSON_MEDIA.test(type)) ?? null;
    const media = contentType ? content[contentType] : undefined;
    if (!contentType) problems.push(`only application/json request bodies are supported, not ${Object.keys(content).join(", ") || "an empty content map"}`);
    else {
      const schema = toJsonSchema(isRecord(media) && media.schema !== undefined ? media.schema : {}, openapi30) as Json;
      const bodyRequired = requestBody.required === true;
      const keys = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
      const flat = schema.type === "object" && keys.length > 0 && !schema.allOf && !schema.anyOf && !schema.oneOf && !schema.$ref && keys.every((key) => !(key in properties));
      if (flat) {
        Object.assign(properties, schema.properties);
        if (bodyRequired && Array.isArray(schema.required)) required.push(...(schema.required as string[]).filter((key) => keys.includes(key)));
        body = { mode: "flat", properties: keys };
      } else {
        const property = "body" in properties ? "request_body" : "body";
        properties[property] = schema;
        if (bodyRequired) required.push(property);
        body = { mode: "nested", property };
      }
    }
  }
  const parameters: Json = { type: "object", properties, required, additionalProperties: false };
  return { parameters, mapping: { parameters: mapped, body, contentType }, problems };
}

/** Every operation of a dereferenced document, in document order, named uniquely. */
export function operationsOf(document: Json): PluginOperation[] {
  const openapi30 = String(document.openapi).startsWith("3.0");
  const taken = new Set<string>();
  const operations: PluginOperation[] = [];
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const operationId = typeof operation.operationId === "string" ? operation.operationId : null;
      const { parameters, mapping, problems } = buildOperation(method, path, item, operation, openapi30);
      // References left by the dereferencer are cycles (a tree of itself): not expressible inline.
      if (JSON.stringify(parameters).includes('"$ref"')) problems.push("its schema is recursive ($ref cycle), which plugin functions do not support yet");
      else problems.push(...jsonSchemaProblems(parameters).slice(0, 1).map((problem) => `its parameter schema is not valid JSON Schema: ${problem.message}`));
      operations.push({
        name: functionName(operationId ?? `${method}_${path}`, taken),
        method: method.toUpperCase(),
        path,
        operationId,
        description: describeOperation(operation),
        parameters,
        mapping,
        unsupported: problems.length ? problems.join("; ") : null,
      });
    }
  }
  return operations;
}
