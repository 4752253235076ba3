import { makeNullable } from "@/lib/schema-builder/nullable";
import type { JsonSchema } from "@/lib/schema-builder/types";

// A first draft of a schema from an example value ("paste a sample tool call"). Every key seen is
// a property; a key missing from some elements of an array is optional, or in strict mode, where
// nothing is optional, required and nullable. Values seen with several types become an anyOf,
// except integers and fractions, which are one `number`.

export type InferOptions = { strict: boolean };

type Group = "null" | "boolean" | "number" | "string" | "array" | "object";

const EMPTY_ARRAY_ITEMS: JsonSchema = { type: "string", description: "Guessed: the example array was empty, so the item type is unknown" };

function groupOf(value: unknown): Group | null {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "string":
      return "string";
    case "object":
      return "object";
    default:
      return null;
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

// Conservative on purpose: a format the example only loosely fits would reject real values later.
const FORMATS: { format: string; test: (text: string) => boolean }[] = [
  {
    format: "date-time",
    test: (text) => /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i.test(text) && isCalendarDate(text),
  },
  { format: "date", test: (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && isCalendarDate(text) },
  {
    format: "email",
    test: (text) => /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(text),
  },
  { format: "uuid", test: (text) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) },
];

function formatOf(text: string): string | undefined {
  return FORMATS.find(({ test }) => test(text))?.format;
}

function stringSchema(values: string[]): JsonSchema {
  const formats = new Set(values.map(formatOf));
  const [format] = formats;
  return formats.size === 1 && format !== undefined ? { type: "string", format } : { type: "string" };
}

function objectSchema(values: Record<string, unknown>[], options: InferOptions): JsonSchema {
  const seen = new Map<string, unknown[]>();
  for (const value of values) {
    for (const [key, entry] of Object.entries(value)) {
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key)!.push(entry);
    }
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, entries] of seen) {
    const always = entries.length === values.length;
    const schema = merge(entries, options);
    Object.defineProperty(properties, key, {
      value: !always && options.strict ? makeNullable(schema) : schema,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (always || options.strict) required.push(key);
  }
  return { type: "object", properties, required, ...(options.strict ? { additionalProperties: false } : {}) };
}

function schemaOfGroup(group: Exclude<Group, "null">, values: unknown[], options: InferOptions): JsonSchema {
  switch (group) {
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: (values as number[]).every(Number.isInteger) ? "integer" : "number" };
    case "string":
      return stringSchema(values as string[]);
    case "array": {
      const items = (values as unknown[][]).flat();
      return { type: "array", items: items.length === 0 ? { ...EMPTY_ARRAY_ITEMS } : merge(items, options) };
    }
    case "object":
      return objectSchema(values as Record<string, unknown>[], options);
  }
}

/** One schema for all of `values` (the elements of an array, or one key across several objects). */
function merge(values: unknown[], options: InferOptions): JsonSchema {
  const groups = new Map<Group, unknown[]>();
  for (const value of values) {
    const group = groupOf(value);
    if (group === null) continue;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(value);
  }
  const schemas: JsonSchema[] = [];
  for (const [group, members] of groups) if (group !== "null") schemas.push(schemaOfGroup(group, members, options));
  if (schemas.length === 0) return { type: "null" };
  const schema = schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
  return groups.has("null") ? makeNullable(schema) : schema;
}

/**
 * A schema that `value` validates against. The result is returned as inferred, even when it is not
 * an object (callers wrap it if they need function parameters).
 */
export function inferSchema(value: unknown, options: InferOptions): JsonSchema {
  return merge([value], options);
}
