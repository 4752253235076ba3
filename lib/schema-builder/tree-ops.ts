import { makeNonNullable, makeNullableDetailed, isNullable } from "@/lib/schema-builder/nullable";
import { formatPath, setAt } from "@/lib/schema-builder/paths";
import { STRICT_LIMITS } from "@/lib/schema-builder/strict-lint";
import { moveRefs } from "@/lib/schema-builder/strict-lint-refs";
import { DEFINITION_KEYWORDS, isNullBranch, kindOf, nodeAt, splitKeywords, type NodeKind } from "@/lib/schema-builder/tree";
import { assertUnreferenced, checkName, freshName, refTargets } from "@/lib/schema-builder/tree-refs";
import { isRecord, type JsonSchema, type SchemaPath } from "@/lib/schema-builder/types";

// The builder's edits: each takes the schema and returns a new one, never touching the input.
// With `strict: true` they keep a strict-valid schema strict-valid (the root stays an object, every
// object closed and fully required, "optional" means nullable, nesting stays within OpenAI's limit),
// as long as the caller does not set `default` or other keywords strict mode rejects itself.

// One import for every edit: keyword-level edits and definitions live in their own files.
export { addVariant, removeVariant, setAdvanced, setEnumValues, setKeyword } from "@/lib/schema-builder/tree-keywords";
export { addDefinition, refTargets, removeDefinition, renameDefinition, setRefTarget } from "@/lib/schema-builder/tree-refs";

export type StrictOption = { strict: boolean };

// Keywords that step one nesting level deeper in OpenAI's count, and those followed by a name or index.
const DEEPER = new Set(["properties", "items", "additionalProperties", "prefixItems", "patternProperties", "contains"]);
const NAMED = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "anyOf", "oneOf", "allOf", "prefixItems"]);

/** The nesting level of the subschema at `path` as the strict lint counts it (the root is 1). */
export function levelOf(path: SchemaPath): number {
  let level = 1;
  for (let index = 0; index < path.length; index += NAMED.has(String(path[index])) ? 2 : 1) {
    if (DEEPER.has(String(path[index]))) level += 1;
  }
  return level;
}

function where(path: SchemaPath): string {
  return path.length === 0 ? "the root" : `'${formatPath(path)}'`;
}

function checkDepth(path: SchemaPath, strict: boolean): void {
  if (strict && levelOf(path) > STRICT_LIMITS.maxNestingDepth) {
    throw new Error(`Strict mode allows at most ${STRICT_LIMITS.maxNestingDepth} levels of nesting; ${where(path)} would be deeper`);
  }
}

function objectAt(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const node = nodeAt(schema, path);
  if (kindOf(node) !== "object") throw new Error(`${where(path)} is not an object schema`);
  return node;
}

function propertiesOf(node: JsonSchema): Record<string, unknown> {
  return isRecord(node.properties) ? node.properties : {};
}

function requiredOf(node: JsonSchema): unknown[] {
  return Array.isArray(node.required) ? node.required : [];
}

function propertyAt(schema: JsonSchema, objectPath: SchemaPath, name: string): JsonSchema {
  const node = objectAt(schema, objectPath);
  if (!Object.hasOwn(propertiesOf(node), name)) throw new Error(`${where(objectPath)} has no property '${name}'`);
  return node;
}

export function addProperty(schema: JsonSchema, objectPath: SchemaPath, options: StrictOption & { name?: string }): { schema: JsonSchema; name: string } {
  const node = objectAt(schema, objectPath);
  const properties = propertiesOf(node);
  const name = options.name ?? freshName(properties, "field");
  checkName(name, properties, "property");
  checkDepth([...objectPath, "properties", name], options.strict);
  const next: JsonSchema = {
    ...node,
    properties: Object.fromEntries([...Object.entries(properties), [name, { type: "string" }]]),
    required: [...requiredOf(node), name],
  };
  if (options.strict && !("additionalProperties" in node)) next.additionalProperties = false;
  return { schema: setAt(schema, objectPath, next), name };
}

export function removeProperty(schema: JsonSchema, objectPath: SchemaPath, name: string): JsonSchema {
  const node = propertyAt(schema, objectPath, name);
  assertUnreferenced(schema, [...objectPath, "properties", name], `'${name}'`);
  const next: JsonSchema = { ...node, properties: Object.fromEntries(Object.entries(propertiesOf(node)).filter(([key]) => key !== name)) };
  if (Array.isArray(node.required)) next.required = node.required.filter((entry) => entry !== name);
  return setAt(schema, objectPath, next);
}

export function renameProperty(schema: JsonSchema, objectPath: SchemaPath, from: string, to: string): JsonSchema {
  const node = propertyAt(schema, objectPath, from);
  if (from === to) return schema;
  const properties = propertiesOf(node);
  checkName(to, properties, "property");
  const next: JsonSchema = { ...node, properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key === from ? to : key, value])) };
  if (Array.isArray(node.required)) next.required = node.required.map((entry) => (entry === from ? to : entry));
  return moveRefs(setAt(schema, objectPath, next), [...objectPath, "properties", from], [...objectPath, "properties", to]);
}

/** Moves a property one place up (-1) or down (1) in `properties`; at either end nothing changes. */
export function moveProperty(schema: JsonSchema, objectPath: SchemaPath, name: string, delta: -1 | 1): JsonSchema {
  const node = propertyAt(schema, objectPath, name);
  const entries = Object.entries(propertiesOf(node));
  const from = entries.findIndex(([key]) => key === name);
  const to = from + delta;
  if (to < 0 || to >= entries.length) return schema;
  [entries[from], entries[to]] = [entries[to]!, entries[from]!];
  return setAt(schema, objectPath, { ...node, properties: Object.fromEntries(entries) });
}

/** The node also accepting null; a reference keeps its other keywords outside the anyOf wrapper. */
function withNull(schema: JsonSchema, path: SchemaPath, node: JsonSchema): JsonSchema {
  if (typeof node.$ref === "string") {
    const { $ref, ...rest } = node;
    return setAt(schema, path, { anyOf: [{ $ref }, { type: "null" }], ...rest });
  }
  const { schema: nullable, wrapped } = makeNullableDetailed(node);
  const result = setAt(schema, path, nullable);
  // References into the node now find it one level down; references to the node itself still
  // mean this (now nullable) value.
  return wrapped ? moveRefs(result, path, [...path, "anyOf", 0], (target) => target.length === path.length) : result;
}

function withoutNull(schema: JsonSchema, path: SchemaPath, node: JsonSchema): JsonSchema {
  const result = makeNonNullable(node);
  const branches = Array.isArray(node.anyOf) ? node.anyOf.filter((branch) => !isNullBranch(branch)) : [];
  const unwrapped = branches.length === 1 && !(Array.isArray(result.anyOf) && result.anyOf.includes(branches[0]));
  const index = unwrapped ? (node.anyOf as unknown[]).indexOf(branches[0]) : -1;
  const updated = setAt(schema, path, result);
  return unwrapped ? moveRefs(updated, [...path, "anyOf", index], path) : updated;
}

export function setNullable(schema: JsonSchema, path: SchemaPath, nullable: boolean): JsonSchema {
  const node = nodeAt(schema, path);
  if (nullable === isNullable(node)) return schema;
  return nullable ? withNull(schema, path, node) : withoutNull(schema, path, node);
}

/**
 * Without strict mode, adds or removes the name from `required` (kept in property order). In strict
 * mode every property stays required and "optional" means nullable, so the schema stays valid.
 */
export function setRequired(schema: JsonSchema, objectPath: SchemaPath, name: string, required: boolean, options: StrictOption): JsonSchema {
  const node = propertyAt(schema, objectPath, name);
  const list = requiredOf(node);
  if (options.strict) {
    const listed = list.includes(name) ? schema : setAt(schema, objectPath, { ...node, required: [...list, name] });
    return setNullable(listed, [...objectPath, "properties", name], !required);
  }
  if (list.includes(name) === required) return schema;
  if (!required) return setAt(schema, objectPath, { ...node, required: list.filter((entry) => entry !== name) });
  const order = Object.keys(propertiesOf(node));
  const position = order.indexOf(name);
  const before = list.findIndex((entry) => typeof entry === "string" && order.indexOf(entry) > position);
  const next = before < 0 ? [...list, name] : [...list.slice(0, before), name, ...list.slice(before)];
  return setAt(schema, objectPath, { ...node, required: next });
}

const SKELETONS: Record<Exclude<NodeKind, "ref">, () => JsonSchema> = {
  string: () => ({ type: "string" }),
  number: () => ({ type: "number" }),
  integer: () => ({ type: "integer" }),
  boolean: () => ({ type: "boolean" }),
  null: () => ({ type: "null" }),
  object: () => ({ type: "object", properties: {}, required: [], additionalProperties: false }),
  array: () => ({ type: "array", items: { type: "string" } }),
  enum: () => ({ type: "string", enum: ["option_1"] }),
  anyOf: () => ({ anyOf: [{ type: "string" }, { type: "number" }] }),
  any: () => ({}),
};

// Advanced keywords that decide the kind or hold values of the old type: carried over, they would
// fight the new kind (an `enum` turning a string into an enum, `examples` that no longer validate).
const SHAPE_KEYWORDS = new Set(["type", "$ref", "anyOf", "enum", "const", "examples", "properties", "required", "items"]);

/**
 * Changes what a node is. Keeps its description, title, nullability and advanced keywords; drops
 * the old kind's constraints, children and `default`. "ref" points at the first definition that
 * does not lead back here, and throws when there is none.
 */
export function setKind(schema: JsonSchema, path: SchemaPath, kind: NodeKind, options: StrictOption): JsonSchema {
  const node = nodeAt(schema, path);
  const old = kindOf(node);
  if (old === kind) return schema;
  const isRoot = path.length === 0;
  if (options.strict && isRoot && kind !== "object") throw new Error("In strict mode the root must be an object");
  if (options.strict && kind === "any") throw new Error("Strict mode needs a type on every schema, so 'any' is not available");
  if (kind === "array") checkDepth([...path, "items"], options.strict);
  // References to the node itself still resolve after the change; references into its parts do not.
  assertUnreferenced(schema, path, `A part of ${where(path)}`, { inside: true });
  let skeleton: JsonSchema;
  if (kind === "ref") {
    const [target] = refTargets(schema, path);
    if (target === undefined) throw new Error("There is no definition to refer to: add one under $defs first (one that does not refer back here)");
    skeleton = { $ref: target };
  } else skeleton = SKELETONS[kind]();
  const { constraints, advanced } = splitKeywords(node, old, isRoot);
  const next: JsonSchema = { ...skeleton };
  if (typeof node.description === "string") next.description = node.description;
  if ("title" in constraints) next.title = constraints.title;
  for (const [key, value] of Object.entries(advanced)) {
    if (!SHAPE_KEYWORDS.has(key) && !Object.hasOwn(next, key)) Object.defineProperty(next, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (isRoot) for (const keyword of DEFINITION_KEYWORDS) if (keyword in node && !(keyword in next)) next[keyword] = node[keyword];
  const updated = setAt(schema, path, next);
  // `null` accepts null by itself, and "any" already accepts everything.
  const keepNull = isNullable(node) && old !== "null" && kind !== "null" && kind !== "any";
  return keepNull ? withNull(updated, path, next) : updated;
}
