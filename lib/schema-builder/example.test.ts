import { Ajv2020 } from "ajv/dist/2020.js";
import { default as addFormatsImport } from "ajv-formats";
import { describe, expect, it } from "vitest";
import { exampleFor } from "@/lib/schema-builder/example";
import { patternSample } from "@/lib/schema-builder/pattern-sample";
import type { JsonSchema } from "@/lib/schema-builder/types";

const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false }));
const valid = (schema: JsonSchema, value: unknown) => ajv.validate(schema, value);

describe("exampleFor", () => {
  it.each<[string, JsonSchema, unknown]>([
    ["const", { type: "string", const: "fixed" }, "fixed"],
    ["the first non-null enum value", { type: ["string", "null"], enum: [null, "b", "c"] }, "b"],
    ["examples", { type: "string", examples: ["Paris"] }, "Paris"],
    ["default", { type: "integer", default: 7 }, 7],
    ["the first non-null type", { type: ["null", "boolean"] }, true],
    ["null alone", { type: "null" }, null],
    ["the first non-null anyOf branch", { anyOf: [{ type: "null" }, { type: "integer", minimum: 3 }] }, 3],
    ["a plain string", { type: "string" }, "example"],
    ["a padded string", { type: "string", minLength: 10 }, "examplexxx"],
    ["a cut string", { type: "string", maxLength: 3 }, "exa"],
    ["zero in range", { type: "number", minimum: -1, maximum: 1 }, 0],
    ["the minimum", { type: "integer", minimum: 5 }, 5],
    ["past an exclusive minimum", { type: "integer", exclusiveMinimum: 5 }, 6],
    ["below an exclusive maximum", { type: "integer", exclusiveMaximum: -2 }, -3],
    ["a multiple in range", { type: "integer", minimum: 1, multipleOf: 5 }, 5],
    ["one item", { type: "array", items: { type: "string" } }, ["example"]],
    ["minItems items", { type: "array", items: { type: "integer" }, minItems: 3 }, [0, 0, 0]],
    ["no items when maxItems is 0", { type: "array", items: { type: "integer" }, maxItems: 0 }, []],
    ["nothing for an empty schema", {}, null],
  ])("honours %s", (_case, schema, expected) => {
    expect(exampleFor(schema)).toEqual(expected);
  });

  it.each(["date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uuid", "uri"])("gives a valid %s", (format) => {
    const schema = { type: "string", format };
    expect(valid(schema, exampleFor(schema))).toBe(true);
  });

  it("fills every property, required or not", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: ["integer", "null"] }, c: { type: "object", properties: { d: { type: "boolean" } } } },
      required: ["a"],
    };
    expect(exampleFor(schema)).toEqual({ a: "example", b: 0, c: { d: true } });
  });

  it("follows local references", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { home: { $ref: "#/$defs/place" }, old: { $ref: "#/definitions/legacy" } },
      $defs: { place: { type: "object", properties: { city: { type: "string", format: "email" } } } },
      definitions: { legacy: { enum: ["x"] } },
    };
    expect(exampleFor(schema)).toEqual({ home: { city: "user@example.com" }, old: "x" });
  });

  it("stops recursion by choosing null and empty arrays", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#" } }, parent: { anyOf: [{ $ref: "#" }, { type: "null" }] } },
      required: ["name", "children", "parent"],
    };
    const example = exampleFor(schema);
    expect(valid(schema, example)).toBe(true);
    let depth = 0;
    for (let node = example as { children: unknown[] }; node.children.length > 0; node = node.children[0] as { children: unknown[] }) depth++;
    expect(depth).toBeGreaterThanOrEqual(7);
    expect(depth).toBeLessThanOrEqual(9);
  });

  it("terminates on a reference cycle with no way out", () => {
    const schema: JsonSchema = { $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" };
    expect(exampleFor(schema)).toBeNull();
  });

  it.each([
    ["^[A-Z]{3}-\\d{4}$", "AAA-0000"],
    ["^(?:foo|bar)+$", "foo"],
    ["^[^a-z]+$", "0"],
    ["^\\w+@\\w+\\.com$", "a@a.com"],
  ])("satisfies the pattern %s", (pattern, expected) => {
    const value = exampleFor({ type: "string", pattern });
    expect(value).toBe(expected);
    expect(new RegExp(pattern, "u").test(value as string)).toBe(true);
  });

  it("keeps the plain sample when it already matches the pattern, and gives a best effort otherwise", () => {
    expect(exampleFor({ type: "string", pattern: "^[a-z]+$" })).toBe("example");
    // A back-reference is beyond the sampler: the result is a candidate, not a match.
    expect(typeof exampleFor({ type: "string", pattern: "^(a)\\1$" })).toBe("string");
  });
});

describe("patternSample", () => {
  it.each([
    ["abc", "abc"],
    ["^a?b*c+$", "bc"],
    ["^x{2,5}$", "xx"],
    ["^[0-9a-f]{4}$", "0000"],
    ["^\\u0041\\x42$", "AB"],
    ["^(?<year>\\d{4})-(?=\\d)\\d$", "0000-0"],
    ["a|b", "a"],
  ])("%s gives %s", (pattern, expected) => {
    expect(patternSample(pattern)).toBe(expected);
  });

  it.each(["(a)\\1", "\\p{L}", "a{99999}", "(?i:a)"])("gives up on %s", (pattern) => {
    expect(patternSample(pattern)).toBeNull();
  });
});

describe("exampleFor bounds", () => {
  it("stays fast on a schema whose required properties each refer back to the root", () => {
    const schema = { type: "object", properties: { left: { $ref: "#" }, right: { $ref: "#" } }, required: ["left", "right"] };
    const started = performance.now();
    const example = exampleFor(schema);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(JSON.stringify(example).length).toBeGreaterThan(10);
  });

  it("caps huge minItems and minLength instead of exhausting memory", () => {
    const value = exampleFor({ type: "array", minItems: 1e9, items: { type: "string", minLength: 1e9 } }) as string[];
    expect(value.length).toBeLessThanOrEqual(1_000);
    expect(value[0]!.length).toBeLessThanOrEqual(10_000);
  });
});
