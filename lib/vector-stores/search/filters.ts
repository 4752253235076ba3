import { REQUIRED_MESSAGE, z } from "@/lib/zod";
import { ATTRIBUTE_LIMITS, type Attributes, type AttributeValue } from "@/lib/vector-stores/attributes";
import { parseInto } from "@/lib/validation";

// Search `filters` over a file's attributes: a comparison (eq, ne, gt, gte, lt, lte, in, nin) or a
// compound (and, or) of filters, nested. One meaning, written twice: `matchesFilter` in memory (the
// tests' oracle, and for callers that already hold the rows) and `compileFilter` to a SQL condition
// on a jsonb column; the tests hold them to the same answers on a real Postgres.
//
// The meaning, where OpenAI's contract leaves it open:
// - Values compare only with values of the same type: 1 is not "1", and gt/gte/lt/lte take a
//   number or a string (strings in code point order, which is UTF-8 byte order: COLLATE "C").
// - eq/in need the attribute present; ne/nin are their negations, so a file without the attribute
//   (or without attributes) matches `ne` and `nin`. gt/gte/lt/lte need it present.
// - An empty `and` matches everything, an empty `or` nothing; `in []` nothing, `nin []` everything.

export type ComparisonType = "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "in" | "nin";
export type ComparisonFilter = { type: ComparisonType; key: string; value: AttributeValue | (string | number)[] };
export type CompoundFilter = { type: "and" | "or"; filters: Filter[] };
export type Filter = ComparisonFilter | CompoundFilter;

export const isCompound = (filter: Filter): filter is CompoundFilter => filter.type === "and" || filter.type === "or";

export const FILTER_LIMITS = { depth: 10, comparisons: 200, listValues: 1000 } as const;

const COMPARISONS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"] as const;

/** A type error's message, or "is required" when the value is missing (so the API says "Missing"). */
const expecting = (message: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED_MESSAGE : message) });

const key = z.string().min(1, "must not be empty").max(ATTRIBUTE_LIMITS.key, `must be at most ${ATTRIBUTE_LIMITS.key} characters`);
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const scalar = z.union([z.string(), finite, z.boolean()], expecting("must be a string, number or boolean"));
const ordered = z.union([z.string(), finite], expecting("must be a number or a string to compare in order"));
const list = z
  .array(z.union([z.string(), finite], expecting("must be a string or a number")), expecting("must be an array of strings and numbers"))
  .max(FILTER_LIMITS.listValues, `at most ${FILTER_LIMITS.listValues} values`);

const comparisonSchemas = {
  eq: scalar,
  ne: scalar,
  gt: ordered,
  gte: ordered,
  lt: ordered,
  lte: ordered,
  in: list,
  nin: list,
} satisfies Record<ComparisonType, z.ZodType>;

const comparisonSchema = (type: ComparisonType) => z.strictObject({ type: z.literal(type), key, value: comparisonSchemas[type] });

/** Nesting depth and comparison count, iteratively: a hostile body must not overflow the stack. */
function measure(root: unknown): { depth: number; comparisons: number } {
  let depth = 0;
  let comparisons = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, level] = stack.pop()!;
    depth = Math.max(depth, level);
    if (depth > FILTER_LIMITS.depth) break;
    const filters = (node as { filters?: unknown } | null)?.filters;
    if (Array.isArray(filters)) for (const child of filters) stack.push([child, level + 1]);
    else comparisons++;
  }
  return { depth, comparisons };
}

const filterNode: z.ZodType<Filter> = z.unknown().transform((value, ctx): Filter => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "must be a filter object with a 'type'" });
    return z.NEVER;
  }
  const type = (value as { type?: unknown }).type;
  if (type === "and" || type === "or") {
    return parseInto(z.strictObject({ type: z.literal(type), filters: z.array(filterNode, expecting("must be an array of filters")) }), value, ctx);
  }
  if (typeof type === "string" && (COMPARISONS as readonly string[]).includes(type)) {
    return parseInto(comparisonSchema(type as ComparisonType), value, ctx);
  }
  ctx.addIssue({
    code: "custom",
    path: ["type"],
    message: `${type === undefined ? "is required" : `got ${JSON.stringify(type)}`}: one of ${[...COMPARISONS, "and", "or"].join(", ")}`,
  });
  return z.NEVER;
});

/** The `filters` request parameter. */
export const filterSchema: z.ZodType<Filter> = z.unknown().transform((value, ctx): Filter => {
  const { depth, comparisons } = measure(value);
  if (depth > FILTER_LIMITS.depth) {
    ctx.addIssue({ code: "custom", message: `filters may be nested at most ${FILTER_LIMITS.depth} levels deep` });
    return z.NEVER;
  }
  if (comparisons > FILTER_LIMITS.comparisons) {
    ctx.addIssue({ code: "custom", message: `at most ${FILTER_LIMITS.comparisons} comparisons, got ${comparisons}` });
    return z.NEVER;
  }
  return parseInto(filterNode, value, ctx);
});

// In memory.

const sameType = (a: unknown, b: unknown) => typeof a === typeof b;

/** Code point order (as COLLATE "C" on UTF-8), not UTF-16 unit order: they differ past U+FFFF. */
function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function order(actual: AttributeValue, expected: string | number): number | null {
  if (!sameType(actual, expected)) return null;
  if (typeof actual === "number") return actual - (expected as number);
  return compareStrings(actual as string, expected as string);
}

function compare(filter: ComparisonFilter, attributes: Attributes | null | undefined): boolean {
  const present = attributes != null && Object.hasOwn(attributes, filter.key);
  const actual = present ? attributes[filter.key] : undefined;
  const equals = (expected: unknown) => actual !== undefined && sameType(actual, expected) && actual === expected;
  switch (filter.type) {
    case "eq":
      return equals(filter.value);
    case "ne":
      return !equals(filter.value);
    case "in":
      return (filter.value as unknown[]).some(equals);
    case "nin":
      return !(filter.value as unknown[]).some(equals);
    default: {
      if (actual === undefined) return false;
      const sign = order(actual, filter.value as string | number);
      if (sign === null) return false;
      return filter.type === "gt" ? sign > 0 : filter.type === "gte" ? sign >= 0 : filter.type === "lt" ? sign < 0 : sign <= 0;
    }
  }
}

export function matchesFilter(filter: Filter, attributes: Attributes | null | undefined): boolean {
  if (!isCompound(filter)) return compare(filter, attributes);
  if (filter.type === "and") return filter.filters.every((child) => matchesFilter(child, attributes));
  return filter.filters.some((child) => matchesFilter(child, attributes));
}

// To SQL.

export type SqlCondition = { sql: string; params: string[] };

const COLUMN = /^(?:[A-Za-z_][A-Za-z0-9_]*|"[^"]+")(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"[^"]+"))?$/;
const SQL_ORDER = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/**
 * A boolean SQL condition for `filter` over `column` (a jsonb expression naming trusted code, e.g.
 * `f.attributes`; it may be NULL), with every value a `$n` text parameter numbered from
 * `firstParam`: for pg `query(text, params)` or Prisma's `$queryRawUnsafe(sql, ...params)`.
 * `eq` is jsonb containment, which a GIN index on the column serves.
 */
export function compileFilter(filter: Filter, column: string, firstParam = 1): SqlCondition {
  if (!COLUMN.test(column)) throw new Error(`compileFilter: not a column reference: ${column}`);
  const params: string[] = [];
  const param = (value: string, cast: string) => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${cast}`;
  };
  const node = (f: Filter): string => {
    if (isCompound(f)) {
      if (f.filters.length === 0) return f.type === "and" ? "TRUE" : "FALSE";
      return `(${f.filters.map(node).join(f.type === "and" ? " AND " : " OR ")})`;
    }
    const contains = (value: string | number | boolean) => `${column} @> ${param(JSON.stringify({ [f.key]: value }), "jsonb")}`;
    const member = () => `(${column} -> ${param(f.key, "text")}) IN (SELECT jsonb_array_elements(${param(JSON.stringify(f.value), "jsonb")}))`;
    switch (f.type) {
      case "eq":
        return `(${contains(f.value as AttributeValue)})`;
      case "ne":
        return `(NOT coalesce(${contains(f.value as AttributeValue)}, false))`;
      case "in":
        return `coalesce(${member()}, false)`;
      case "nin":
        return `(NOT coalesce(${member()}, false))`;
      default: {
        const op = SQL_ORDER[f.type];
        const k = param(f.key, "text");
        if (typeof f.value === "number") {
          // jsonb compares two numbers numerically; the type test keeps strings out.
          return `(jsonb_typeof(${column} -> ${k}) = 'number' AND (${column} -> ${k}) ${op} ${param(JSON.stringify(f.value), "jsonb")})`;
        }
        return `(jsonb_typeof(${column} -> ${k}) = 'string' AND (${column} ->> ${k}) COLLATE "C" ${op} ${param(String(f.value), "text")})`;
      }
    }
  };
  return { sql: node(filter), params };
}
