import { describe, expect, it } from "vitest";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { appendToDescription, applyFix } from "@/lib/schema-builder/fixes";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import type { JsonSchema, RuleId, SchemaPath, SchemaProblem } from "@/lib/schema-builder/types";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function samePath(a: SchemaPath, b: SchemaPath): boolean {
  return a.length === b.length && a.every((segment, index) => String(segment) === String(b[index]));
}

/** Applies the fix of the one `rule` problem at `path`, checking it is gone and the schema still valid. */
function fix(schema: JsonSchema, rule: RuleId, path: SchemaPath): JsonSchema {
  expect(jsonSchemaProblems(schema)).toEqual([]);
  const problem = strictProblems(schema, "function").find((candidate) => candidate.rule === rule && samePath(candidate.path, path));
  expect(problem, `${rule} at ${JSON.stringify(path)}`).toBeDefined();
  expect(problem!.fix).toEqual(expect.any(String));
  const before = JSON.stringify(schema);
  const fixed = applyFix(deepFreeze(schema), problem!);
  expect(JSON.stringify(schema)).toBe(before);
  expect(jsonSchemaProblems(fixed)).toEqual([]);
  expect(strictProblems(fixed, "function").filter((after) => after.rule === rule && samePath(after.path, path))).toEqual([]);
  return fixed;
}

function object(properties: Record<string, unknown>, extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

describe("applyFix", () => {
  it("throws for a problem without a fix", () => {
    const problem: SchemaProblem = { rule: "strict/missing-type", severity: "error", path: ["properties", "a"], message: "no type" };
    expect(() => applyFix(object({ a: {} }), problem)).toThrow(/no automatic fix/);
  });

  describe("strict/root-object and strict/root-any-of", () => {
    it("sets the missing root type when there are properties", () => {
      const { type: _type, ...schema } = object({ a: { type: "string" } });
      expect(fix(schema, "strict/root-object", [])).toEqual(object({ a: { type: "string" } }));
    });

    it("wraps anything else in an object, keeping $schema and $defs at the root", () => {
      const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "array", items: { $ref: "#/$defs/item" }, description: "List", $defs: { item: { type: "string" } } };
      expect(fix(schema, "strict/root-object", ["type"])).toEqual({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: { value: { type: "array", items: { $ref: "#/$defs/item" }, description: "List" } },
        required: ["value"],
        additionalProperties: false,
        $defs: { item: { type: "string" } },
      });
    });

    it("wraps a root anyOf and repoints references to the moved root", () => {
      const schema = {
        anyOf: [object({ child: { $ref: "#" } }), object({ other: { $ref: "#/anyOf/0" } })],
        definitions: { unused: { type: "string" } },
      };
      const fixed = fix(schema, "strict/root-any-of", ["anyOf"]);
      expect(fixed.properties).toEqual({
        value: { anyOf: [object({ child: { $ref: "#/properties/value" } }), object({ other: { $ref: "#/properties/value/anyOf/0" } })] },
      });
      expect(fixed.definitions).toEqual({ unused: { type: "string" } });
      expect(strictProblems(fixed, "response_format")).toEqual([]);
    });
  });

  describe("strict/additional-properties", () => {
    it("sets additionalProperties to false, replacing a schema", () => {
      const schema = object({ a: { type: "object", properties: {}, required: [], additionalProperties: { type: "string" } } });
      const fixed = fix(schema, "strict/additional-properties", ["properties", "a", "additionalProperties"]);
      expect(fixed.properties).toEqual({ a: { type: "object", properties: {}, required: [], additionalProperties: false } });
      expect(strictProblems(fixed, "function")).toEqual([]);
    });
  });

  describe("strict/required", () => {
    it.each<[string, JsonSchema, JsonSchema]>([
      ["a type", { type: "string" }, { type: ["string", "null"] }],
      ["a type list", { type: ["string", "number"] }, { type: ["string", "number", "null"] }],
      ["an enum with a type", { type: "string", enum: ["a", "b"] }, { type: ["string", "null"], enum: ["a", "b", null] }],
      ["an enum alone", { enum: ["a", 1] }, { enum: ["a", 1, null] }],
      ["an anyOf", { anyOf: [{ type: "string" }, { type: "number" }] }, { anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }] }],
      ["a const", { const: "x", description: "Kind" }, { anyOf: [{ const: "x" }, { type: "null" }], description: "Kind" }],
      ["a $ref", { $ref: "#/$defs/d", description: "See d" }, { anyOf: [{ $ref: "#/$defs/d" }, { type: "null" }], description: "See d" }],
      ["an already nullable type", { type: ["string", "null"] }, { type: ["string", "null"] }],
    ])("makes %s required and nullable", (_name, property, expected) => {
      const schema = { ...object({ keep: { type: "string" }, p: property }, { $defs: { d: { type: "string" } } }), required: ["keep"] };
      const fixed = fix(schema, "strict/required", ["properties", "p"]);
      expect(fixed.required).toEqual(["keep", "p"]);
      expect((fixed.properties as JsonSchema).p).toEqual(expected);
    });

    it("creates required when it is missing", () => {
      const { required: _required, ...schema } = object({ a: { type: "integer" } });
      expect(fix(schema, "strict/required", ["properties", "a"])).toMatchObject({ required: ["a"], properties: { a: { type: ["integer", "null"] } } });
    });

    it("carries $refs into a wrapped property along", () => {
      const schema = { ...object({ a: { $ref: "#/$defs/d" }, b: { $ref: "#/properties/a" } }, { $defs: { d: { type: "string" } } }), required: ["b"] };
      const fixed = fix(schema, "strict/required", ["properties", "a"]);
      expect(fixed.properties).toEqual({ a: { anyOf: [{ $ref: "#/$defs/d" }, { type: "null" }] }, b: { $ref: "#/properties/a/anyOf/0" } });
    });

    it("removes every unknown required key at once, so none moves into a reported index", () => {
      const schema = { ...object({ a: { type: "string" } }), required: ["x", "a", "y"] };
      const fixed = fix(schema, "strict/required", ["required", 0]);
      expect(fixed.required).toEqual(["a"]);
      expect(strictProblems(fixed, "function")).toEqual([]);
    });
  });

  describe("strict/unsupported-keyword", () => {
    it("removes the keyword", () => {
      const schema = object({ bag: { type: "object", properties: {}, required: [], additionalProperties: false, minProperties: 1 } });
      expect(fix(schema, "strict/unsupported-keyword", ["properties", "bag", "minProperties"]).properties).toEqual({
        bag: { type: "object", properties: {}, required: [], additionalProperties: false },
      });
    });

    it("says uniqueItems: true in the description", () => {
      const schema = object({ tags: { type: "array", items: { type: "string" }, uniqueItems: true, description: "Tags" } });
      expect(fix(schema, "strict/unsupported-keyword", ["properties", "tags", "uniqueItems"]).properties).toEqual({
        tags: { type: "array", items: { type: "string" }, description: "Tags. Items must be unique." },
      });
    });

    it("renames oneOf to anyOf in place and moves references", () => {
      const schema = object({ x: { description: "X", oneOf: [{ type: "string" }, { type: "number" }], title: "T" }, y: { $ref: "#/properties/x/oneOf/1" } });
      const fixed = fix(schema, "strict/unsupported-keyword", ["properties", "x", "oneOf"]);
      const properties = fixed.properties as Record<string, JsonSchema>;
      expect(Object.keys(properties.x!)).toEqual(["description", "anyOf", "title"]);
      expect(properties.x!.anyOf).toEqual([{ type: "string" }, { type: "number" }]);
      expect(properties.y).toEqual({ $ref: "#/properties/x/anyOf/1" });
    });

    it("removes a subschema keyword with everything in it", () => {
      const schema = object({ s: { type: "string", if: { minLength: 3 }, then: { pattern: "^a" } } });
      const fixed = fix(fix(schema, "strict/unsupported-keyword", ["properties", "s", "if"]), "strict/unsupported-keyword", ["properties", "s", "then"]);
      expect(fixed.properties).toEqual({ s: { type: "string" } });
    });
  });

  describe("strict/all-of", () => {
    it("merges agreeing branches into one schema", () => {
      const schema = object({
        p: {
          description: "Person",
          allOf: [
            { type: "object", properties: { name: { type: "string" } }, required: ["name"], additionalProperties: false },
            { type: "object", properties: { age: { type: "integer" } }, required: ["age", "name"], description: "With age" },
          ],
        },
        q: { $ref: "#/properties/p/allOf/1/properties/age" },
      });
      const fixed = fix(schema, "strict/all-of", ["properties", "p", "allOf"]);
      const properties = fixed.properties as Record<string, JsonSchema>;
      expect(properties.p).toEqual({
        description: "Person With age",
        type: "object",
        properties: { name: { type: "string" }, age: { type: "integer" } },
        required: ["name", "age"],
        additionalProperties: false,
      });
      expect(properties.q).toEqual({ $ref: "#/properties/p/properties/age" });
      expect(strictProblems(fixed, "function")).toEqual([]);
    });
  });

  describe("strict/nullable-keyword", () => {
    it("turns nullable: true into a nullable type", () => {
      const schema = object({ a: { type: "string", nullable: true, description: "A" } });
      expect(fix(schema, "strict/nullable-keyword", ["properties", "a", "nullable"]).properties).toEqual({ a: { type: ["string", "null"], description: "A" } });
    });

    it("wraps a $ref and drops nullable: false", () => {
      const schema = object({ a: { $ref: "#/$defs/d", nullable: true }, b: { type: "string", nullable: false } }, { $defs: { d: { type: "string" } } });
      const once = fix(schema, "strict/nullable-keyword", ["properties", "a", "nullable"]);
      const twice = fix(once, "strict/nullable-keyword", ["properties", "b", "nullable"]);
      expect(twice.properties).toEqual({ a: { anyOf: [{ $ref: "#/$defs/d" }, { type: "null" }] }, b: { type: "string" } });
    });

    it("only removes it at the root, which cannot be null", () => {
      expect(fix(object({}, { nullable: true }), "strict/nullable-keyword", ["nullable"])).toEqual(object({}));
    });
  });

  describe("strict/default", () => {
    it("moves the default into the description", () => {
      const schema = object({ a: { type: "string", default: "x", description: "Name" }, b: { type: "array", items: { type: "integer" }, default: [1, 2] } });
      const fixed = fix(fix(schema, "strict/default", ["properties", "a", "default"]), "strict/default", ["properties", "b", "default"]);
      expect(fixed.properties).toEqual({
        a: { type: "string", description: 'Name. Default: "x".' },
        b: { type: "array", items: { type: "integer" }, description: "Default: [1,2]." },
      });
    });
  });
});

describe("appendToDescription", () => {
  it("joins sentences sensibly", () => {
    expect(appendToDescription(undefined, "Default: 1.")).toBe("Default: 1.");
    expect(appendToDescription("  ", "Default: 1.")).toBe("Default: 1.");
    expect(appendToDescription("The count ", "Default: 1.")).toBe("The count. Default: 1.");
    expect(appendToDescription("Is it?", "Default: 1.")).toBe("Is it? Default: 1.");
  });
});
