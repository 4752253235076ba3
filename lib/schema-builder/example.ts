import { getAt, pointerToPath } from "@/lib/schema-builder/paths";
import { patternSample } from "@/lib/schema-builder/pattern-sample";
import { isRecord, type JsonSchema } from "@/lib/schema-builder/types";

// A sample value for a schema, shown next to the builder and used as a mock tool call. It aims to
// validate (tests check that against Ajv for every schema the builder can make), and to stay
// readable, so it prefers 0, "example" and one array item over anything clever.
//
// Best effort where a single pass cannot guarantee validity: a `pattern` the small sampler cannot
// satisfy (lookarounds, back-references) yields the closest candidate; `uniqueItems` with
// `minItems` > 1, `not`, `if`/`then`, `oneOf` exclusivity, and contradictory constraints are not
// solved.

const MAX_REF_DEPTH = 8;
const MAX_DEPTH = 64;
// Bounds on the work and the output, whatever the schema says: a recursive schema whose required
// properties each refer back to the root doubles per level, and minItems/minLength may be huge.
const MAX_NODES = 10_000;
const MAX_ITEMS = 1_000;
const MAX_STRING = 10_000;

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2024-01-15T09:30:00Z",
  date: "2024-01-15",
  time: "09:30:00Z",
  duration: "P1D",
  email: "user@example.com",
  "idn-email": "user@example.com",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  uri: "https://example.com",
  "uri-reference": "https://example.com",
  iri: "https://example.com",
  "iri-reference": "https://example.com",
  url: "https://example.com",
  regex: "^example$",
  "json-pointer": "/example",
};

const PATTERN_CANDIDATES = ["example", "", "a", "abc", "ABC", "Example", "0", "1", "123", "a1", "A1", "x_1", "example-1"];

/** `budget` is shared by the whole generation: values generated so far count against it. */
type Context = { root: JsonSchema; refDepth: number; depth: number; budget: { left: number } };


function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A value that validates against `schema` (see the file comment for the limits). */
export function exampleFor(schema: JsonSchema): unknown {
  return generate(schema, { root: schema, refDepth: 0, depth: 0, budget: { left: MAX_NODES } });
}

function generate(node: unknown, ctx: Context): unknown {
  if (!isRecord(node) || ctx.depth > MAX_DEPTH || ctx.budget.left <= 0) return null;
  ctx.budget.left--;
  const next: Context = { ...ctx, depth: ctx.depth + 1 };
  // Past the reference depth, take the shortest way out: null, no items, only required keys.
  const minimal = ctx.refDepth >= MAX_REF_DEPTH;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) {
    return minimal && node.enum.includes(null) ? null : (node.enum.find((value) => value !== null) ?? null);
  }
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if ("default" in node) return node.default;
  if (typeof node.$ref === "string") {
    const target = resolveRef(ctx.root, node.$ref);
    return target === undefined ? null : generate(target, { ...next, refDepth: ctx.refDepth + 1 });
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const nullBranch = branches.find((branch) => isRecord(branch) && branch.type === "null");
    const chosen = minimal && nullBranch ? nullBranch : (branches.find((branch) => !(isRecord(branch) && branch.type === "null")) ?? branches[0]);
    return generate(chosen, next);
  }
  if (Array.isArray(node.allOf)) return generate(mergeAllOf(node), next);
  const types = typeof node.type === "string" ? [node.type] : Array.isArray(node.type) ? node.type : [];
  if (types.includes("null") && (minimal || types.length === 1)) return null;
  const type = types.find((entry) => entry !== "null") ?? impliedType(node);
  switch (type) {
    case "string":
      return stringFor(node);
    case "number":
    case "integer":
      return numberFor(node, type === "integer");
    case "boolean":
      return true;
    case "object":
      return objectFor(node, next, minimal);
    case "array":
      return arrayFor(node, next, minimal);
    default:
      return null;
  }
}

function resolveRef(root: JsonSchema, ref: string): unknown {
  const path = pointerToPath(ref);
  return path === null ? undefined : getAt(root, path);
}

/** Shallow merge of allOf branches into one schema; properties and required are unioned. */
function mergeAllOf(node: JsonSchema): JsonSchema {
  const { allOf, ...rest } = node;
  let merged: JsonSchema = rest;
  for (const branch of allOf as unknown[]) {
    if (!isRecord(branch)) continue;
    const properties = { ...(isRecord(merged.properties) ? merged.properties : {}), ...(isRecord(branch.properties) ? branch.properties : {}) };
    const required = [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(branch.required) ? branch.required : [])];
    merged = { ...merged, ...branch, properties, required };
  }
  return merged;
}

function impliedType(node: JsonSchema): string | undefined {
  if (["properties", "required", "additionalProperties"].some((key) => key in node)) return "object";
  if (["items", "prefixItems", "minItems", "maxItems"].some((key) => key in node)) return "array";
  if (["minLength", "maxLength", "pattern", "format"].some((key) => key in node)) return "string";
  if (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some((key) => key in node)) return "number";
  return undefined;
}

function codePoints(value: string): number {
  return [...value].length;
}

function fitLength(value: string, min: number, max: number): string {
  const chars = [...value];
  if (chars.length > max) return chars.slice(0, max).join("");
  return chars.length < min ? value + "x".repeat(min - chars.length) : value;
}

function stringFor(node: JsonSchema): string {
  const min = Math.min(finite(node.minLength) ?? 0, MAX_STRING);
  const max = finite(node.maxLength) ?? Infinity;
  const sample = (typeof node.format === "string" && FORMAT_SAMPLES[node.format]) || "example";
  const fitted = fitLength(sample, min, max);
  if (typeof node.pattern !== "string") return fitted;
  let regex: RegExp;
  try {
    regex = new RegExp(node.pattern, "u");
  } catch {
    return fitted;
  }
  const generated = patternSample(node.pattern);
  const candidates = [fitted, ...(generated === null ? [] : [generated, fitLength(generated, min, max)]), ...PATTERN_CANDIDATES];
  const inLength = (value: string) => codePoints(value) >= min && codePoints(value) <= max;
  return candidates.find((value) => inLength(value) && regex.test(value)) ?? candidates.find((value) => regex.test(value)) ?? generated ?? fitted;
}

function numberFor(node: JsonSchema, integer: boolean): number {
  const min = finite(node.minimum);
  const max = finite(node.maximum);
  const exclusiveMin = finite(node.exclusiveMinimum);
  const exclusiveMax = finite(node.exclusiveMaximum);
  const step = finite(node.multipleOf);
  const multipleOf = step !== undefined && step > 0 ? step : undefined;
  // Ajv checks multipleOf as "value / multipleOf is an integer", so 0.3 is not a multiple of 0.1.
  const fits = (value: number) =>
    Number.isFinite(value) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max) &&
    (exclusiveMin === undefined || value > exclusiveMin) &&
    (exclusiveMax === undefined || value < exclusiveMax) &&
    (multipleOf === undefined || Number.isInteger(value / multipleOf)) &&
    (!integer || Number.isInteger(value));
  const lows = [min, exclusiveMin].filter((value): value is number => value !== undefined);
  const highs = [max, exclusiveMax].filter((value): value is number => value !== undefined);
  const low = lows.length > 0 ? Math.max(...lows) : undefined;
  const high = highs.length > 0 ? Math.min(...highs) : undefined;
  const candidates = [0, 1];
  for (const bound of [low, high]) {
    if (bound !== undefined) candidates.push(Math.ceil(bound), Math.floor(bound), bound, bound + 1, bound - 1, bound + 0.5, bound - 0.5);
  }
  if (low !== undefined && high !== undefined) candidates.push((low + high) / 2);
  if (multipleOf !== undefined) {
    const start = Math.ceil((low ?? Math.min(0, high ?? 0)) / multipleOf);
    for (let k = start - 1; k < start + 200; k++) candidates.push(k * multipleOf, Number((k * multipleOf).toPrecision(12)));
  }
  return candidates.find(fits) ?? low ?? high ?? 0;
}

// Assignment would treat a property named "__proto__" as the prototype instead of a key.
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function objectFor(node: JsonSchema, ctx: Context, minimal: boolean): Record<string, unknown> {
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required.filter((name): name is string => typeof name === "string") : [];
  const value: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    if (minimal && !required.includes(name)) continue;
    defineKey(value, name, generate(schema, ctx));
  }
  for (const name of required) if (!Object.hasOwn(value, name)) defineKey(value, name, null);
  return value;
}

function arrayFor(node: JsonSchema, ctx: Context, minimal: boolean): unknown[] {
  const minItems = finite(node.minItems) ?? 0;
  const maxItems = finite(node.maxItems) ?? Infinity;
  let count = Math.min(minimal ? minItems : Math.max(minItems, 1), maxItems, MAX_ITEMS);
  if (node.uniqueItems === true && minItems <= 1) count = Math.min(count, 1);
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
  if (node.items === false) count = Math.min(count, prefix.length);
  return Array.from({ length: count }, (_, index) => generate(index < prefix.length ? prefix[index] : node.items, ctx));
}
