import { formatPath } from "@/lib/schema-builder/paths";
import { mergeAllOf } from "@/lib/schema-builder/strict-lint-all-of";
import { isObjectSchema, objectProblems } from "@/lib/schema-builder/strict-lint-objects";
import { collectRefs, isAnchorReferenced, isReferencedWithin, type RefSite } from "@/lib/schema-builder/strict-lint-refs";
import { UNSUPPORTED_KEYWORDS, walkSubschemas, type SchemaVisit } from "@/lib/schema-builder/strict-lint-walk";
import { isRecord, type SchemaPath, type SchemaProblem, type SchemaTarget } from "@/lib/schema-builder/types";

// OpenAI Structured Outputs' strict mode (function tools with `strict: true`, response_format
// json_schema with `strict: true`) accepts a subset of JSON Schema and rejects the whole request
// over one keyword outside it. These rules say which, where, and, when one edit repairs it, how.
// The lint assumes the schema passed lib/json-schema.ts but never throws on anything else.

export { isObjectSchema } from "@/lib/schema-builder/strict-lint-objects";

/** OpenAI's documented limits for a strict schema. */
export const STRICT_LIMITS = {
  /** Levels of nesting; the root is level 1. */
  maxNestingDepth: 10,
  /** Object properties in total, all `properties` objects ($defs included). */
  maxProperties: 5000,
  /** Enum values in total across the schema. */
  maxEnumValues: 1000,
  /** Total length of property names, definition names, string enum and const values. */
  maxTotalStringLength: 120_000,
  /** An enum with more string values than this… */
  largeEnumValues: 250,
  /** …may total at most this many characters. */
  maxLargeEnumStringLength: 15_000,
} as const;

// Where a boolean schema stands for a whole value (and so lacks a type), rather than a setting.
const BOOLEAN_SCHEMA_POSITIONS = new Set(["properties", "anyOf", "oneOf", "$defs", "definitions"]);
const TYPE_KEYWORDS = ["type", "anyOf", "oneOf", "allOf", "$ref", "enum", "const"];
const UNSUPPORTED_HINTS: Record<string, string> = {
  uniqueItems: "; say it in the description instead",
  minProperties: "; list the properties and make them required instead",
  maxProperties: "; list the properties and make them required instead",
  patternProperties: "; list the properties by name instead",
  prefixItems: "; use one 'items' schema (an anyOf if items differ)",
  if: "; use anyOf with one branch per case",
  then: "; use anyOf with one branch per case",
  else: "; use anyOf with one branch per case",
};

type Totals = { properties: number; enumValues: number; stringLength: number };

function where(path: SchemaPath): string {
  return path.length === 0 ? "the root" : `'${formatPath(path)}'`;
}

function error(rule: SchemaProblem["rule"], path: SchemaPath, message: string, fix?: string): SchemaProblem {
  return { rule, severity: "error", path, message, ...(fix ? { fix } : {}) };
}

function rootProblems(root: Record<string, unknown>, target: SchemaTarget): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const subject = target === "function" ? "Function parameters" : "A strict response format schema";
  if (root.type !== "object") {
    const got = root.type === undefined ? "it has no 'type'" : `'type' is ${JSON.stringify(root.type)}`;
    const fix = root.type === undefined && isRecord(root.properties) ? "Set type to 'object'" : "Wrap in an object";
    problems.push(error("strict/root-object", root.type === undefined ? [] : ["type"], `${subject} must have 'type': "object" at the root in strict mode; ${got}`, fix));
  }
  if ("anyOf" in root) {
    problems.push(error("strict/root-any-of", ["anyOf"], `${subject} must not use 'anyOf' at the root in strict mode: put the alternatives in a property of an object`, "Wrap in an object"));
  }
  return problems;
}

function missingTypeProblem(visit: SchemaVisit): SchemaProblem | null {
  const { node, parentKeyword } = visit;
  if (typeof node === "boolean") {
    if (!parentKeyword || !BOOLEAN_SCHEMA_POSITIONS.has(parentKeyword)) return null;
    return error("strict/missing-type", visit.path, `${where(visit.path)} is the boolean schema ${node}; strict mode needs a schema with a 'type' (or anyOf, $ref, enum, const)`);
  }
  // An allOf branch is only a part; the merged schema is what needs a type.
  if (!isRecord(node) || parentKeyword === "allOf" || TYPE_KEYWORDS.some((keyword) => keyword in node)) return null;
  return error("strict/missing-type", visit.path, `${where(visit.path)} has no 'type': strict mode needs one on every schema (or anyOf, $ref, enum, const)`);
}

function unsupportedProblem(node: Record<string, unknown>, path: SchemaPath, keyword: string, refs: () => RefSite[]): SchemaProblem {
  const at = [...path, keyword];
  let fix: string | undefined = `Remove '${keyword}'`;
  if (keyword === "oneOf") fix = "anyOf" in node ? undefined : "Use anyOf instead";
  else if (keyword === "$dynamicAnchor") fix = typeof node[keyword] === "string" && isAnchorReferenced(refs(), node[keyword]) ? undefined : fix;
  else if (isReferencedWithin(refs(), at)) fix = undefined;
  const hint = keyword === "oneOf" ? "; use 'anyOf'" : (UNSUPPORTED_HINTS[keyword] ?? "");
  return error("strict/unsupported-keyword", at, `'${keyword}' is not supported in strict mode${hint}`, fix);
}

type At = { readonly path: SchemaPath };

function keywordProblems(node: Record<string, unknown>, at: At, refs: () => RefSite[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const keyword of Object.keys(node)) {
    const isProblem = UNSUPPORTED_KEYWORDS.includes(keyword) || keyword === "nullable" || keyword === "default" || keyword === "allOf";
    if (!isProblem) continue;
    const path = at.path;
    if (UNSUPPORTED_KEYWORDS.includes(keyword)) {
      problems.push(unsupportedProblem(node, path, keyword, refs));
    } else if (keyword === "nullable") {
      const makesNullable = node.nullable === true && path.length > 0;
      problems.push(
        error(
          "strict/nullable-keyword",
          [...path, "nullable"],
          `'nullable' is OpenAPI, not JSON Schema, and strict mode rejects it; ${path.length === 0 ? "the root cannot be null" : 'say null in the type instead (type: ["string", "null"])'}`,
          makesNullable ? "Replace with a nullable type" : "Remove 'nullable'",
        ),
      );
    } else if (keyword === "default") {
      problems.push(error("strict/default", [...path, "default"], "'default' is not permitted in strict mode; state the default in the description instead", "Move default into the description"));
    } else if (keyword === "allOf") {
      problems.push(allOfProblem(node, path, refs));
    }
  }
  return problems;
}

function allOfProblem(node: Record<string, unknown>, path: SchemaPath, refs: () => RefSite[]): SchemaProblem {
  const at = [...path, "allOf"];
  const merge = mergeAllOf(node);
  const pointsAtList = refs().some((site) => site.target !== null && site.target.length === at.length && site.target.every((segment, index) => segment === String(at[index])));
  const reason = "reason" in merge ? merge.reason : pointsAtList ? "a $ref points at the allOf list itself" : null;
  return reason === null
    ? error("strict/all-of", at, "'allOf' is not supported in strict mode; its branches can be merged into one schema", "Merge allOf into one schema")
    : error("strict/all-of", at, `'allOf' is not supported in strict mode and cannot be merged automatically: ${reason}`);
}

function isArraySchema(node: Record<string, unknown>): boolean {
  return node.type === "array" || (Array.isArray(node.type) && node.type.includes("array"));
}

function arrayItemsProblem(node: Record<string, unknown>, at: At): SchemaProblem | null {
  if (!isArraySchema(node) || isRecord(node.items)) return null;
  const path = at.path;
  const got = !("items" in node) ? "it has none" : Array.isArray(node.items) ? "it is a list (tuple form)" : `it is ${JSON.stringify(node.items)}`;
  return error("strict/array-items", [...path, "items"], `Array schema ${where(path)} needs 'items' to be one schema object in strict mode; ${got}`);
}

function largeEnumProblem(node: Record<string, unknown>, at: At): SchemaProblem | null {
  if (!Array.isArray(node.enum)) return null;
  const strings = node.enum.filter((value): value is string => typeof value === "string");
  const length = strings.reduce((sum, value) => sum + value.length, 0);
  if (strings.length <= STRICT_LIMITS.largeEnumValues || length <= STRICT_LIMITS.maxLargeEnumStringLength) return null;
  const path = at.path;
  return error(
    "strict/string-size",
    [...path, "enum"],
    `'enum' at ${where(path)} has ${strings.length} string values totalling ${length} characters; with more than ${STRICT_LIMITS.largeEnumValues} values strict mode allows at most ${STRICT_LIMITS.maxLargeEnumStringLength}`,
  );
}

function count(node: unknown, totals: Totals): void {
  if (!isRecord(node)) return;
  if (isRecord(node.properties)) {
    for (const name of Object.keys(node.properties)) {
      totals.properties += 1;
      totals.stringLength += name.length;
    }
  }
  for (const keyword of ["$defs", "definitions"]) {
    const definitions = node[keyword];
    if (isRecord(definitions)) for (const name of Object.keys(definitions)) totals.stringLength += name.length;
  }
  if (Array.isArray(node.enum)) {
    totals.enumValues += node.enum.length;
    for (const value of node.enum) if (typeof value === "string") totals.stringLength += value.length;
  }
  if (typeof node.const === "string") totals.stringLength += node.const.length;
}

function totalProblems(totals: Totals): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (totals.properties > STRICT_LIMITS.maxProperties) {
    problems.push(error("strict/property-count", [], `The schema has ${totals.properties} properties in total; strict mode allows at most ${STRICT_LIMITS.maxProperties}`));
  }
  if (totals.enumValues > STRICT_LIMITS.maxEnumValues) {
    problems.push(error("strict/enum-count", [], `The schema has ${totals.enumValues} enum values in total; strict mode allows at most ${STRICT_LIMITS.maxEnumValues}`));
  }
  if (totals.stringLength > STRICT_LIMITS.maxTotalStringLength) {
    problems.push(
      error(
        "strict/string-size",
        [],
        `Property names, definition names, enum and const values total ${totals.stringLength} characters; strict mode allows at most ${STRICT_LIMITS.maxTotalStringLength}`,
      ),
    );
  }
  return problems;
}

/** Every strict-mode error in `schema`, in depth-first document order, whole-schema limits last. */
export function strictProblems(schema: unknown, target: SchemaTarget): SchemaProblem[] {
  if (!isRecord(schema)) return [error("strict/root-object", [], "The schema must be a JSON Schema object with 'type': \"object\"")];
  const problems: SchemaProblem[] = [];
  let sites: RefSite[] | null = null;
  // Most schemas have no problem a $ref could affect; collect the $refs only when one asks.
  const refs = (): RefSite[] => (sites ??= collectRefs(schema));
  const referenced = (path: SchemaPath): boolean => isReferencedWithin(refs(), path);
  const totals: Totals = { properties: 0, enumValues: 0, stringLength: 0 };
  let depthReported = false;
  walkSubschemas(schema, (visit) => {
    count(visit.node, totals);
    if (visit.underUnsupported) return;
    const { node, level } = visit;
    if (visit.parentKeyword === null) problems.push(...rootProblems(schema, target));
    else {
      const missingType = missingTypeProblem(visit);
      if (missingType) problems.push(missingType);
    }
    if (!isRecord(node)) return;
    if (level > STRICT_LIMITS.maxNestingDepth && !depthReported) {
      depthReported = true;
      problems.push(error("strict/nesting-depth", visit.path, `${where(visit.path)} is nested ${level} levels deep; strict mode allows at most ${STRICT_LIMITS.maxNestingDepth}`));
    }
    // The checks read `visit.path` only once they found a problem: a clean node costs no copy.
    problems.push(...keywordProblems(node, visit, refs));
    // A node with allOf, or a branch of one, is only checked as an object once merged: a part
    // alone legitimately lacks the keys or `required` entries the other parts bring.
    if (isObjectSchema(node) && visit.parentKeyword !== "allOf" && !("allOf" in node)) problems.push(...objectProblems(node, visit, referenced));
    const arrayItems = arrayItemsProblem(node, visit);
    if (arrayItems) problems.push(arrayItems);
    const largeEnum = largeEnumProblem(node, visit);
    if (largeEnum) problems.push(largeEnum);
  });
  problems.push(...totalProblems(totals));
  return problems;
}
