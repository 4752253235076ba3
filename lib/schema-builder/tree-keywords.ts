import { isNullable } from "@/lib/schema-builder/nullable";
import { setAt } from "@/lib/schema-builder/paths";
import { isNullBranch, kindOf, nodeAt, nullBranchIndex, splitKeywords } from "@/lib/schema-builder/tree";
import { moveRefs } from "@/lib/schema-builder/strict-lint-refs";
import { assertUnreferenced, setRefTarget } from "@/lib/schema-builder/tree-refs";
import type { JsonSchema, SchemaPath } from "@/lib/schema-builder/types";

// Keyword-level edits of one node: its constraints, enum values, anyOf variants and the advanced
// keywords the tree does not draw. Each refuses an edit that would silently change the node's kind:
// that is setKind's job, which also cleans up what the old kind left behind.

// Keywords the tree edits through their own operations (`enum` may be set as raw JSON on an enum
// node; anywhere else it would change the kind, which is refused below).
const OWN_OPERATION: Record<string, string> = {
  type: "setKind",
  properties: "addProperty / removeProperty / renameProperty",
  required: "setRequired",
  items: "setKind",
  anyOf: "addVariant / removeVariant",
  $defs: "addDefinition / removeDefinition",
  definitions: "addDefinition / removeDefinition",
};

// Assignment would treat a key named "__proto__" as the prototype.
function assign(target: JsonSchema, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function without(node: JsonSchema, key: string): JsonSchema {
  return Object.fromEntries(Object.entries(node).filter(([entry]) => entry !== key));
}

/** Sets one keyword of the node at `path` (`undefined` removes it). `$ref` changes a reference's target. */
export function setKeyword(schema: JsonSchema, path: SchemaPath, keyword: string, value: unknown): JsonSchema {
  const node = nodeAt(schema, path);
  const kind = kindOf(node);
  if (keyword === "$ref" && kind === "ref") {
    if (typeof value !== "string") throw new Error("A reference needs a target ('#/$defs/…')");
    return setRefTarget(schema, path, value);
  }
  const operation = keyword === "$ref" ? "setKind" : OWN_OPERATION[keyword];
  if (operation) throw new Error(`'${keyword}' is edited with ${operation}, not setKeyword`);
  let next: JsonSchema;
  if (value === undefined) next = without(node, keyword);
  // A keyword that only changes value keeps its place, so the JSON view does not jump around.
  else if (Object.hasOwn(node, keyword)) next = Object.fromEntries(Object.entries(node).map(([key, old]) => [key, key === keyword ? value : old]));
  else {
    next = { ...node };
    assign(next, keyword, value);
  }
  if (kindOf(next) !== kind) throw new Error(`Setting '${keyword}' would change what kind of schema ${JSON.stringify(path)} is; use setKind`);
  return setAt(schema, path, next);
}

/** Replaces an enum's values (strings; a nullable enum keeps its null), typing it as a string. */
export function setEnumValues(schema: JsonSchema, path: SchemaPath, values: string[]): JsonSchema {
  const node = nodeAt(schema, path);
  if (kindOf(node) !== "enum") throw new Error("setEnumValues needs an enum node");
  if (values.length === 0) throw new Error("An enum needs at least one value");
  const duplicate = values.find((value, index) => values.indexOf(value) !== index);
  if (duplicate !== undefined) throw new Error(`The enum lists '${duplicate}' twice`);
  const nullable = isNullable(node);
  const next: JsonSchema = { ...node, enum: nullable ? [...values, null] : [...values] };
  if ("type" in node) next.type = nullable ? ["string", "null"] : "string";
  return setAt(schema, path, next);
}

const VARIANT_TYPES = ["string", "number", "boolean", "integer"] as const;

/** Adds a variant of the first simple type the anyOf lacks, before its null branch. */
export function addVariant(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const node = nodeAt(schema, path);
  if (kindOf(node) !== "anyOf") throw new Error("addVariant needs an anyOf node");
  const branches = node.anyOf as JsonSchema[];
  const used = new Set(branches.map((branch) => branch.type));
  const variant = { type: VARIANT_TYPES.find((type) => !used.has(type)) ?? "string" };
  const nullAt = nullBranchIndex(node);
  const at = nullAt < 0 ? branches.length : nullAt;
  return setAt(schema, path, { ...node, anyOf: [...branches.slice(0, at), variant, ...branches.slice(at)] });
}

/** Removes `anyOf[index]`; throws when no variant other than the null branch would remain. */
export function removeVariant(schema: JsonSchema, path: SchemaPath, index: number): JsonSchema {
  const node = nodeAt(schema, path);
  if (kindOf(node) !== "anyOf") throw new Error("removeVariant needs an anyOf node");
  const branches = node.anyOf as JsonSchema[];
  if (!Number.isInteger(index) || index < 0 || index >= branches.length) throw new Error(`There is no variant ${index}`);
  const rest = branches.filter((_, position) => position !== index);
  if (!rest.some((branch) => !isNullBranch(branch))) throw new Error("An anyOf needs at least one variant; change the kind instead");
  assertUnreferenced(schema, [...path, "anyOf", index], `Option ${index + 1}`);
  // The options after it move up one place, and the references into them with them.
  let result = setAt(schema, path, { ...node, anyOf: rest });
  for (let position = index + 1; position < branches.length; position++) result = moveRefs(result, [...path, "anyOf", position], [...path, "anyOf", position - 1]);
  return result;
}

/**
 * Replaces the node's advanced keywords with `advanced`, leaving its other keywords alone. Throws
 * for a keyword the tree edits elsewhere (`type`, a constraint…) or one that would change the kind.
 */
export function setAdvanced(schema: JsonSchema, path: SchemaPath, advanced: Record<string, unknown>): JsonSchema {
  const node = nodeAt(schema, path);
  const kind = kindOf(node);
  const isRoot = path.length === 0;
  const current = splitKeywords(node, kind, isRoot).advanced;
  const next: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!Object.hasOwn(current, key)) assign(next, key, value);
    else if (Object.hasOwn(advanced, key)) assign(next, key, advanced[key]);
  }
  for (const [key, value] of Object.entries(advanced)) {
    if (Object.hasOwn(node, key) && !Object.hasOwn(current, key)) throw new Error(`'${key}' is not an advanced keyword here; edit it in the builder`);
    if (!Object.hasOwn(node, key)) assign(next, key, value);
  }
  if (kindOf(next) !== kind) throw new Error(`These keywords would change what kind of schema this is; use setKind`);
  const after = splitKeywords(next, kind, isRoot).advanced;
  const claimed = Object.keys(advanced).find((key) => !Object.hasOwn(after, key));
  if (claimed !== undefined) throw new Error(`'${claimed}' is not an advanced keyword here; edit it in the builder`);
  return setAt(schema, path, next);
}

