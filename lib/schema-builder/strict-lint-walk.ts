import { isRecord, type SchemaPath } from "@/lib/schema-builder/types";

// The subschema walk shared by the strict lint and the portability warnings. It is iterative, not
// recursive: the lint runs on whatever the editor holds, and a deeply nested paste must not blow
// the stack.


/** Keywords whose values are data, never subschemas. */
export const DATA_KEYWORDS: ReadonlySet<string> = new Set(["enum", "const", "default", "examples", "example"]);

/** Keywords strict mode rejects outright (OpenAI Structured Outputs' supported subset lacks them). */
export const UNSUPPORTED_KEYWORDS: readonly string[] = [
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "prefixItems",
  "contains",
  "minContains",
  "maxContains",
  "uniqueItems",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "unevaluatedProperties",
  "unevaluatedItems",
  "minProperties",
  "maxProperties",
  "oneOf",
  "$dynamicRef",
  "$dynamicAnchor",
];

// How each subschema keyword holds its schemas, and whether a step into it is one more nesting
// level in OpenAI's count (into a property or an array's items is; into an anyOf branch is not).
type Shape = "map" | "list" | "single";
const APPLICATORS: Record<string, { shape: Shape; deeper: boolean }> = {
  properties: { shape: "map", deeper: true },
  patternProperties: { shape: "map", deeper: true },
  $defs: { shape: "map", deeper: false },
  definitions: { shape: "map", deeper: false },
  dependentSchemas: { shape: "map", deeper: false },
  dependencies: { shape: "map", deeper: false },
  anyOf: { shape: "list", deeper: false },
  oneOf: { shape: "list", deeper: false },
  allOf: { shape: "list", deeper: false },
  prefixItems: { shape: "list", deeper: true },
  items: { shape: "single", deeper: true },
  additionalProperties: { shape: "single", deeper: true },
  contains: { shape: "single", deeper: true },
  unevaluatedItems: { shape: "single", deeper: true },
  unevaluatedProperties: { shape: "single", deeper: true },
  propertyNames: { shape: "single", deeper: false },
  not: { shape: "single", deeper: false },
  if: { shape: "single", deeper: false },
  then: { shape: "single", deeper: false },
  else: { shape: "single", deeper: false },
};

/** A path as a chain of links: a deep schema shares its prefixes instead of copying them per node. */
export type PathLink = { parent: PathLink; segment: string | number } | null;

export function pathOf(link: PathLink): SchemaPath {
  const path: SchemaPath = [];
  for (let at = link; at !== null; at = at.parent) path.push(at.segment);
  return path.reverse();
}

export type SchemaVisit = {
  node: unknown;
  /** Built on first read: most nodes have no problem and never need theirs. */
  readonly path: SchemaPath;
  /** Nesting level as OpenAI counts it: the root is 1. */
  level: number;
  /** The keyword the node sits under (`properties`, `anyOf`, `items`…), null for the root. */
  parentKeyword: string | null;
  /**
   * Inside a keyword strict mode rejects as a whole (`not`, `if`, `prefixItems`, draft-07 tuple
   * `items`…): removing that keyword is the fix, so problems inside it are noise.
   */
  underUnsupported: boolean;
};

class Visit implements SchemaVisit {
  private cachedPath: SchemaPath | null = null;

  constructor(
    readonly node: unknown,
    readonly link: PathLink,
    readonly level: number,
    readonly parentKeyword: string | null,
    readonly underUnsupported: boolean,
  ) {}

  get path(): SchemaPath {
    this.cachedPath ??= pathOf(this.link);
    return this.cachedPath;
  }
}

function isSchemaValue(value: unknown): boolean {
  return isRecord(value) || typeof value === "boolean";
}

function childrenOf(visit: Visit): Visit[] {
  const { node, link, level, underUnsupported } = visit;
  if (!isRecord(node)) return [];
  const children: Visit[] = [];
  for (const [keyword, value] of Object.entries(node)) {
    const applicator = APPLICATORS[keyword];
    if (!applicator) continue;
    const childLevel = applicator.deeper ? level + 1 : level;
    const unsupported = underUnsupported || (keyword !== "oneOf" && UNSUPPORTED_KEYWORDS.includes(keyword));
    const under: PathLink = { parent: link, segment: keyword };
    const child = (node: unknown, segment: string | number | null, inUnsupported = unsupported): void => {
      const at = segment === null ? under : { parent: under, segment };
      children.push(new Visit(node, at, childLevel, keyword, inUnsupported));
    };
    if (applicator.shape === "map" && isRecord(value)) {
      for (const [name, schema] of Object.entries(value)) if (isSchemaValue(schema)) child(schema, name);
    } else if (applicator.shape === "list" && Array.isArray(value)) {
      value.forEach((schema, index) => isSchemaValue(schema) && child(schema, index));
    } else if (keyword === "items" && Array.isArray(value)) {
      // Draft-07 tuple form: strict mode wants one schema for all items (strict/array-items).
      value.forEach((schema, index) => isSchemaValue(schema) && child(schema, index, true));
    } else if (applicator.shape === "single") {
      // `additionalProperties: false` and `items: true` are settings here, not schemas to check.
      if (isRecord(value) || (typeof value === "boolean" && keyword !== "additionalProperties" && keyword !== "items")) {
        child(value, null);
      }
    }
  }
  return children;
}

/** Calls `visit` on the root and every subschema, depth first, in document order. */
export function walkSubschemas(root: unknown, visit: (visit: SchemaVisit) => void): void {
  const stack: Visit[] = [new Visit(root, null, 1, null, false)];
  while (stack.length > 0) {
    const current = stack.pop()!;
    visit(current);
    const children = childrenOf(current);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
}

/** Structural equality of JSON values (key order ignored), without recursion. */
export function deepEqual(a: unknown, b: unknown): boolean {
  const pairs: [unknown, unknown][] = [[a, b]];
  while (pairs.length > 0) {
    const [left, right] = pairs.pop()!;
    if (left === right) continue;
    if (typeof left !== "object" || typeof right !== "object" || left === null || right === null) return false;
    if (Array.isArray(left) !== Array.isArray(right)) return false;
    if (Array.isArray(left) && Array.isArray(right)) {
      if (left.length !== right.length) return false;
      left.forEach((item, index) => pairs.push([item, right[index]]));
      continue;
    }
    const leftRecord = left as Record<string, unknown>;
    const rightRecord = right as Record<string, unknown>;
    const keys = Object.keys(leftRecord);
    if (keys.length !== Object.keys(rightRecord).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(rightRecord, key)) return false;
      pairs.push([leftRecord[key], rightRecord[key]]);
    }
  }
  return true;
}
