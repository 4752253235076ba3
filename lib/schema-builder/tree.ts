import { isNullable } from "@/lib/schema-builder/nullable";
import { formatPath, getAt } from "@/lib/schema-builder/paths";
import { isRecord, type JsonSchema, type SchemaPath } from "@/lib/schema-builder/types";

// The tree the builder shows is a projection of the JSON Schema, never a second copy of it: every
// keyword lands in exactly one place (a structural slot the tree draws, `constraints` for the
// keywords the builder has inputs for, or `advanced` for everything else), so nothing a person
// pasted is lost when they edit it visually. Anything the tree cannot draw faithfully (a boolean
// subschema, `properties` without `type: "object"`, a type list like ["string", "number"]) stays
// in `advanced` rather than being reinterpreted.

export type NodeKind = "string" | "number" | "integer" | "boolean" | "object" | "array" | "enum" | "anyOf" | "ref" | "null" | "any";
export type NodeRole = "root" | "property" | "items" | "variant" | "definition";

export type TreeNode = {
  /** Where this subschema is in the root. */
  path: SchemaPath;
  /** Stable React key: the path as a JSON pointer fragment (`#/properties/a~1b`), unique per node. */
  key: string;
  /** Property or definition name; null for the root, items and variants. */
  name: string | null;
  role: NodeRole;
  kind: NodeKind;
  /** Accepts null: a type list with "null", an enum with null, or an anyOf with a null branch. */
  nullable: boolean;
  /** Properties only: listed in the parent's `required`. */
  required: boolean | null;
  description: string;
  /** The keywords of CONSTRAINTS_BY_KIND[kind] that are present (for a nullable ref, `$ref` is the wrapped one). */
  constraints: Record<string, unknown>;
  /** Every other keyword present that the tree does not draw itself. */
  advanced: Record<string, unknown>;
  /** Properties in key order, items, anyOf variants (not the bare null branch), `$defs` entries at the root. */
  children: TreeNode[];
};

const SHARED = ["title", "default"] as const;
const NUMERIC = [...SHARED, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] as const;

/** The keywords the builder has inputs for, per kind (`description` has its own field). */
export const CONSTRAINTS_BY_KIND: Record<NodeKind, readonly string[]> = {
  string: [...SHARED, "minLength", "maxLength", "pattern", "format"],
  number: NUMERIC,
  integer: NUMERIC,
  boolean: SHARED,
  object: [...SHARED, "additionalProperties"],
  array: [...SHARED, "minItems", "maxItems"],
  enum: [...SHARED, "enum"],
  anyOf: SHARED,
  ref: [...SHARED, "$ref"],
  null: SHARED,
  any: SHARED,
};

const SIMPLE_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array"]);
export const DEFINITION_KEYWORDS = ["$defs", "definitions"] as const;


function isSchemaMap(value: unknown): value is Record<string, JsonSchema> {
  return isRecord(value) && Object.values(value).every(isRecord);
}

function isSchemaList(value: unknown): value is JsonSchema[] {
  return Array.isArray(value) && value.length > 0 && value.every(isRecord);
}

/** `{ type: "null" }` with nothing else: a branch that only says "or null". */
export function isNullBranch(value: unknown): boolean {
  return isRecord(value) && value.type === "null" && Object.keys(value).length === 1;
}

/** The index of the branch that only expresses nullability, or -1. */
export function nullBranchIndex(node: JsonSchema): number {
  return Array.isArray(node.anyOf) ? node.anyOf.findIndex(isNullBranch) : -1;
}

/** `{ anyOf: [{ $ref }, { type: "null" }] }` (either order): how a nullable reference is written. */
export function wrappedRef(node: JsonSchema): string | null {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2 || nullBranchIndex(node) === -1) return null;
  const other = branches[1 - nullBranchIndex(node)];
  if (!isRecord(other) || Object.keys(other).length !== 1 || typeof other.$ref !== "string") return null;
  return other.$ref;
}

/** The single non-null type of `type: T` or `type: [T, "null"]`, or "null" for `type: "null"`. */
function baseType(type: unknown): NodeKind | null {
  if (typeof type === "string") return SIMPLE_TYPES.has(type) || type === "null" ? (type as NodeKind) : null;
  if (!Array.isArray(type) || type.length === 0 || type.length > 2) return null;
  const others = type.filter((entry) => entry !== "null");
  if (others.length === 0) return type.length === 1 ? "null" : null;
  if (others.length !== 1 || type.length - others.length > 1) return null;
  return baseType(others[0]) === "null" ? null : baseType(others[0]);
}

export function kindOf(node: JsonSchema): NodeKind {
  if (typeof node.$ref === "string") return "ref";
  if (isSchemaList(node.anyOf)) return wrappedRef(node) !== null ? "ref" : "anyOf";
  if (Array.isArray(node.enum)) return "enum";
  return baseType(node.type) ?? "any";
}

/** The keywords of `node` the tree draws itself (children, type, required…), given its kind. */
export function structuralKeys(node: JsonSchema, kind: NodeKind, isRoot: boolean): Set<string> {
  const keys = new Set<string>();
  if (typeof node.description === "string") keys.add("description");
  if (isRoot) for (const keyword of DEFINITION_KEYWORDS) if (isSchemaMap(node[keyword])) keys.add(keyword);
  switch (kind) {
    case "object":
      keys.add("type");
      if (isSchemaMap(node.properties)) keys.add("properties");
      if (Array.isArray(node.required) && node.required.every((name) => typeof name === "string")) keys.add("required");
      break;
    case "array":
      keys.add("type");
      if (isRecord(node.items)) keys.add("items");
      break;
    case "enum":
      if ("type" in node) keys.add("type");
      break;
    case "anyOf":
      keys.add("anyOf");
      break;
    case "ref":
      keys.add(typeof node.$ref === "string" ? "$ref" : "anyOf");
      break;
    case "any":
      break;
    default:
      keys.add("type");
  }
  return keys;
}

function isConstraint(kind: NodeKind, key: string, value: unknown): boolean {
  if (!CONSTRAINTS_BY_KIND[kind].includes(key)) return false;
  return key !== "additionalProperties" || typeof value === "boolean";
}

/** A node's keywords split into the builder's inputs and the advanced rest. */
export function splitKeywords(node: JsonSchema, kind: NodeKind, isRoot: boolean) {
  const structural = structuralKeys(node, kind, isRoot);
  const constraints: Record<string, unknown> = {};
  const advanced: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (structural.has(key)) continue;
    if (isConstraint(kind, key, value)) constraints[key] = value;
    else advanced[key] = value;
  }
  const ref = kind === "ref" ? wrappedRef(node) : null;
  if (ref !== null) constraints.$ref = ref;
  return { constraints, advanced };
}

function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function nodeKey(path: SchemaPath): string {
  return ["#", ...path.map(escapeSegment)].join("/");
}

function buildNode(node: JsonSchema, path: SchemaPath, role: NodeRole, name: string | null, required: boolean | null): TreeNode {
  const kind = kindOf(node);
  const isRoot = role === "root";
  const structural = structuralKeys(node, kind, isRoot);
  const { constraints, advanced } = splitKeywords(node, kind, isRoot);
  const children: TreeNode[] = [];
  if (kind === "object" && structural.has("properties")) {
    const requiredNames = new Set(structural.has("required") ? (node.required as string[]) : []);
    for (const [key, child] of Object.entries(node.properties as Record<string, JsonSchema>)) {
      children.push(buildNode(child, [...path, "properties", key], "property", key, requiredNames.has(key)));
    }
  } else if (kind === "array" && structural.has("items")) {
    children.push(buildNode(node.items as JsonSchema, [...path, "items"], "items", null, null));
  } else if (kind === "anyOf") {
    const skip = nullBranchIndex(node);
    (node.anyOf as JsonSchema[]).forEach((branch, index) => {
      if (index !== skip) children.push(buildNode(branch, [...path, "anyOf", index], "variant", null, null));
    });
  }
  for (const keyword of DEFINITION_KEYWORDS) {
    if (!structural.has(keyword)) continue;
    for (const [key, definition] of Object.entries(node[keyword] as Record<string, JsonSchema>)) {
      children.push(buildNode(definition, [keyword, key], "definition", key, null));
    }
  }
  return {
    path,
    key: nodeKey(path),
    name,
    role,
    kind,
    nullable: isNullable(node),
    required,
    description: typeof node.description === "string" ? node.description : "",
    constraints,
    advanced,
    children,
  };
}

export function buildTree(schema: JsonSchema): TreeNode {
  return buildNode(schema, [], "root", null, null);
}

/** Every node of the tree, depth first (parents before children). */
export function flattenTree(tree: TreeNode): TreeNode[] {
  return [tree, ...tree.children.flatMap(flattenTree)];
}

/** The subschema object at `path`; throws when there is none. */
export function nodeAt(schema: JsonSchema, path: SchemaPath): JsonSchema {
  const node = getAt(schema, path);
  if (!isRecord(node)) throw new Error(`There is no schema at ${path.length === 0 ? "the root" : `'${formatPath(path)}'`}`);
  return node;
}
