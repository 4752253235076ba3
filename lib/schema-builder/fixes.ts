import { makeNullableDetailed } from "@/lib/schema-builder/nullable";
import { formatPath, getAt, setAt } from "@/lib/schema-builder/paths";
import { mergeAllOf } from "@/lib/schema-builder/strict-lint-all-of";
import { extraRequired } from "@/lib/schema-builder/strict-lint-objects";
import { moveRefs } from "@/lib/schema-builder/strict-lint-refs";

import { isRecord, type JsonSchema, type SchemaPath, type SchemaProblem } from "@/lib/schema-builder/types";

// The one-click repairs behind `SchemaProblem.fix`. Each returns a new schema (the input is never
// touched) in which the problem is gone and which is still valid JSON Schema: parts that move
// take the `$ref`s pointing into them along.

// What stays at the root when a schema is wrapped in an object: the dialect, and the definitions
// so that `#/$defs/…` references keep resolving unchanged.
const ROOT_ONLY = ["$schema", "$id", "$defs", "definitions"];

function nodeAt(schema: JsonSchema, path: SchemaPath): Record<string, unknown> {
  const node = getAt(schema, path);
  if (!isRecord(node)) throw new Error(`no schema object at '${formatPath(path)}'`);
  return node;
}

/** Appends a sentence to a description, adding the full stop the old one lacked. */
export function appendToDescription(description: unknown, sentence: string): string {
  const old = typeof description === "string" ? description.trim() : "";
  if (old === "") return sentence;
  return `${/[.!?:;]$/.test(old) ? old : `${old}.`} ${sentence}`;
}

/** `{type: "object", properties: {value: <schema>}, required: ["value"], additionalProperties: false}`. */
function wrapInObject(schema: JsonSchema): JsonSchema {
  const head: JsonSchema = {};
  const tail: JsonSchema = {};
  const value: JsonSchema = {};
  for (const [key, child] of Object.entries(schema)) {
    if (key === "$schema" || key === "$id") head[key] = child;
    else if (ROOT_ONLY.includes(key)) tail[key] = child;
    else value[key] = child;
  }
  const wrapped = { ...head, type: "object", properties: { value }, required: ["value"], additionalProperties: false, ...tail };
  return moveRefs(wrapped, [], ["properties", "value"], (target) => target.length > 0 && ROOT_ONLY.includes(target[0]!));
}

/** Replaces the node at `path` by its nullable form; a wrapped node's `$ref`s follow it to anyOf/0. */
function setNullable(schema: JsonSchema, path: SchemaPath, node: JsonSchema): JsonSchema {
  const { schema: nullable, wrapped } = makeNullableDetailed(node);
  const result = setAt(schema, path, nullable);
  return wrapped ? moveRefs(result, path, [...path, "anyOf", 0]) : result;
}

function renameKey(node: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key === from ? to : key, value]));
}

function fixRequired(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const kind = path[path.length - 2];
  const objectPath = path.slice(0, -2);
  const node = nodeAt(schema, objectPath);
  if (kind === "required") {
    // All unknown entries go at once: removing one shifts the indexes the others are reported at.
    const extras = extraRequired(node);
    const required = (Array.isArray(node.required) ? node.required : []).filter((name) => !extras.includes(name as string));
    return setAt(schema, [...objectPath, "required"], required);
  }
  const name = String(path[path.length - 1]);
  const required = Array.isArray(node.required) ? node.required : [];
  let result = setAt(schema, [...objectPath, "required"], required.includes(name) ? required : [...required, name]);
  const property = getAt(result, path);
  if (isRecord(property)) result = setNullable(result, path, property);
  return result;
}

function fixUnsupported(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const keyword = String(path[path.length - 1]);
  const nodePath = path.slice(0, -1);
  const node = nodeAt(schema, nodePath);
  if (keyword === "oneOf") {
    if ("anyOf" in node) throw new Error(`'${formatPath(nodePath)}' has both oneOf and anyOf`);
    return moveRefs(setAt(schema, nodePath, renameKey(node, "oneOf", "anyOf")), path, [...nodePath, "anyOf"]);
  }
  const { [keyword]: removed, ...rest } = node;
  if (keyword === "uniqueItems" && removed === true) rest.description = appendToDescription(node.description, "Items must be unique.");
  return setAt(schema, nodePath, rest);
}

function fixAllOf(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const nodePath = path.slice(0, -1);
  const node = nodeAt(schema, nodePath);
  const merge = mergeAllOf(node);
  if ("reason" in merge) throw new Error(`cannot merge allOf at '${formatPath(path)}': ${merge.reason}`);
  let result = setAt(schema, nodePath, merge.merged);
  const branches = Array.isArray(node.allOf) ? node.allOf.length : 0;
  for (let index = 0; index < branches; index++) result = moveRefs(result, [...path, index], nodePath);
  return result;
}

function fixNullableKeyword(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const nodePath = path.slice(0, -1);
  const { nullable, ...rest } = nodeAt(schema, nodePath);
  // The root cannot be null in strict mode, so there `nullable: true` is only dropped.
  if (nullable !== true || nodePath.length === 0) return setAt(schema, nodePath, rest);
  return setNullable(schema, nodePath, rest);
}

function fixDefault(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const nodePath = path.slice(0, -1);
  const { default: value, ...rest } = nodeAt(schema, nodePath);
  const text = JSON.stringify(value);
  rest.description = appendToDescription(rest.description, `Default: ${text === undefined ? "none" : text}.`);
  return setAt(schema, nodePath, rest);
}

/** The schema with `problem` fixed; throws when the problem has no fix. */
export function applyFix(schema: JsonSchema, problem: SchemaProblem): JsonSchema {
  if (!problem.fix) throw new Error(`'${problem.rule}' at '${formatPath(problem.path)}' has no automatic fix`);
  const { path } = problem;
  switch (problem.rule) {
    case "strict/root-object":
      if (schema.type === undefined && isRecord(schema.properties)) return { ...schema, type: "object" };
      return wrapInObject(schema);
    case "strict/root-any-of":
    case "function/parameters-object":
      return wrapInObject(schema);
    case "strict/additional-properties":
      return setAt(schema, path, false);
    case "strict/required":
      return fixRequired(schema, path);
    case "strict/unsupported-keyword":
      return fixUnsupported(schema, path);
    case "strict/all-of":
      return fixAllOf(schema, path);
    case "strict/nullable-keyword":
      return fixNullableKeyword(schema, path);
    case "strict/default":
      return fixDefault(schema, path);
    default:
      throw new Error(`'${problem.rule}' has no automatic fix`);
  }
}
