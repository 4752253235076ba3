import { describe, expect, it } from "vitest";
import { isObjectSchema, strictProblems } from "@/lib/schema-builder/strict-lint";
import type { JsonSchema, RuleId } from "@/lib/schema-builder/types";

const VALID: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", description: "Full name" },
    age: { type: ["integer", "null"] },
    tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
    address: {
      type: "object",
      properties: { city: { type: "string" }, kind: { anyOf: [{ $ref: "#/$defs/kind" }, { type: "null" }] } },
      required: ["city", "kind"],
      additionalProperties: false,
    },
  },
  required: ["name", "age", "tags", "address"],
  additionalProperties: false,
  $defs: { kind: { type: "string", const: "home" } },
};

/** A strict object with these properties, all required. */
function object(properties: Record<string, unknown>, extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

function only(schema: unknown, rule: RuleId) {
  return strictProblems(schema, "function").filter((problem) => problem.rule === rule);
}

describe("strictProblems", () => {
  it("accepts a schema that follows every strict rule", () => {
    expect(strictProblems(VALID, "function")).toEqual([]);
    expect(strictProblems(VALID, "response_format")).toEqual([]);
  });

  it("never throws on junk", () => {
    for (const junk of [null, 1, "x", [], true, { properties: 5 }, { required: "a", properties: { a: 1 } }, { type: 5, anyOf: "x", allOf: [null] }]) {
      expect(() => strictProblems(junk, "function")).not.toThrow();
    }
    expect(strictProblems(null, "function")).toMatchObject([{ rule: "strict/root-object", path: [] }]);
  });

  describe("strict/root-object", () => {
    it("wants type object at the root", () => {
      expect(only({ type: "string" }, "strict/root-object")).toMatchObject([{ path: ["type"], fix: "Wrap in an object" }]);
      const [problem] = only({ type: ["object", "null"], properties: {} }, "strict/root-object");
      expect(problem).toMatchObject({ path: ["type"], severity: "error" });
      expect(problem!.message).toContain("'type'");
      expect(problem!.message).toContain('["object","null"]');
    });

    it("offers to set the type when only it is missing", () => {
      expect(only({ properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false }, "strict/root-object")).toMatchObject([
        { path: [], fix: "Set type to 'object'" },
      ]);
      expect(only({ $ref: "#/$defs/a", $defs: { a: { type: "string" } } }, "strict/root-object")).toMatchObject([{ path: [], fix: "Wrap in an object" }]);
    });

    it("names the target in the message", () => {
      expect(strictProblems({ type: "array", items: {} }, "function")[0]!.message).toMatch(/^Function parameters/);
      expect(strictProblems({ type: "array", items: {} }, "response_format")[0]!.message).toMatch(/response format/);
    });
  });

  describe("strict/root-any-of", () => {
    it("rejects anyOf at the root only", () => {
      const problems = only({ anyOf: [object({ a: { type: "string" } }), object({ b: { type: "string" } })] }, "strict/root-any-of");
      expect(problems).toMatchObject([{ path: ["anyOf"], fix: "Wrap in an object" }]);
      expect(problems[0]!.message).toContain("'anyOf'");
      expect(only(VALID, "strict/root-any-of")).toEqual([]);
    });
  });

  describe("strict/additional-properties", () => {
    it("requires additionalProperties false on every object", () => {
      const schema = object({ a: { type: "object", properties: {}, required: [] }, b: { properties: { c: { type: "string" } }, required: ["c"], additionalProperties: true } });
      delete schema.additionalProperties;
      const problems = only(schema, "strict/additional-properties");
      expect(problems.map((problem) => problem.path)).toEqual([
        ["additionalProperties"],
        ["properties", "a", "additionalProperties"],
        ["properties", "b", "additionalProperties"],
      ]);
      expect(problems[0]!.message).toContain("'additionalProperties' must be false");
      expect(problems[2]!.message).toContain("is true");
      expect(problems.every((problem) => problem.fix === "Set additionalProperties to false")).toBe(true);
    });

    it("applies to objects typed with an array and to $defs", () => {
      const schema = object({ a: { $ref: "#/$defs/o" } }, { $defs: { o: { type: ["object", "null"], properties: {}, required: [] } } });
      expect(only(schema, "strict/additional-properties")).toMatchObject([{ path: ["$defs", "o", "additionalProperties"] }]);
    });

    it("offers no fix when a $ref points into the schema it would replace", () => {
      const schema = object({ a: { type: "object", properties: {}, required: [], additionalProperties: { type: "string" } }, b: { $ref: "#/properties/a/additionalProperties" } });
      const problems = only(schema, "strict/additional-properties");
      expect(problems.map((problem) => problem.path)).toEqual([["properties", "a", "additionalProperties"]]);
      expect(problems[0]).not.toHaveProperty("fix");
    });
  });

  describe("strict/required", () => {
    it("reports every property missing from required", () => {
      const schema = { ...object({ a: { type: "string" }, b: { type: "string" }, c: { type: "string" } }), required: ["b"] };
      const problems = only(schema, "strict/required");
      expect(problems.map((problem) => problem.path)).toEqual([
        ["properties", "a"],
        ["properties", "c"],
      ]);
      expect(problems[0]!.message).toContain("'a'");
      expect(problems[0]!.message).toMatch(/no optional properties/);
      expect(problems[0]!.fix).toBe("Make required (nullable)");
    });

    it("reports each property when required is missing entirely", () => {
      const { required: _required, ...schema } = object({ a: { type: "string" }, b: { type: "number" } });
      expect(only(schema, "strict/required").map((problem) => problem.path)).toEqual([
        ["properties", "a"],
        ["properties", "b"],
      ]);
    });

    it("reports required entries that are not properties", () => {
      const schema = { ...object({ a: { type: "string" } }), required: ["a", "ghost", "phantom"] };
      const problems = only(schema, "strict/required");
      expect(problems).toMatchObject([
        { path: ["required", 1], fix: "Remove 'ghost', 'phantom' from required" },
        { path: ["required", 2], fix: "Remove 'ghost', 'phantom' from required" },
      ]);
      expect(problems[0]!.message).toContain("'ghost'");
      expect(problems[0]!.message).toContain("Extra required key");
    });

    it("does not check allOf parts on their own", () => {
      const schema = object({ a: { allOf: [{ properties: { x: { type: "string" } } }, { required: ["x"] }] } });
      expect(only(schema, "strict/required")).toEqual([]);
      expect(only(schema, "strict/additional-properties")).toEqual([]);
    });
  });

  describe("strict/unsupported-keyword", () => {
    it("reports each unsupported keyword by name, in document order", () => {
      const schema = object({
        list: { type: "array", items: { type: "string" }, uniqueItems: true, minContains: 1 },
        bag: { type: "object", properties: {}, required: [], additionalProperties: false, minProperties: 1 },
        choice: { oneOf: [{ type: "string" }, { type: "number" }] },
      });
      const problems = only(schema, "strict/unsupported-keyword");
      expect(problems.map((problem) => [problem.path, problem.fix])).toEqual([
        [["properties", "list", "uniqueItems"], "Remove 'uniqueItems'"],
        [["properties", "list", "minContains"], "Remove 'minContains'"],
        [["properties", "bag", "minProperties"], "Remove 'minProperties'"],
        [["properties", "choice", "oneOf"], "Use anyOf instead"],
      ]);
      expect(problems[0]!.message).toContain("'uniqueItems' is not supported");
      expect(problems[3]!.message).toContain("'anyOf'");
    });

    it("offers no rename when oneOf and anyOf are both there", () => {
      const schema = object({ x: { anyOf: [{ type: "string" }], oneOf: [{ type: "string" }] } });
      const problems = only(schema, "strict/unsupported-keyword");
      expect(problems.map((problem) => problem.path)).toEqual([["properties", "x", "oneOf"]]);
      expect(problems[0]).not.toHaveProperty("fix");
    });

    it("reports a rejected keyword once, not the problems inside it", () => {
      const schema = object({ x: { type: "string", not: { properties: { a: {} }, default: 1 } } });
      expect(strictProblems(schema, "function")).toEqual([expect.objectContaining({ rule: "strict/unsupported-keyword", path: ["properties", "x", "not"] })]);
    });

    it("offers no removal when a $ref points into the keyword", () => {
      const schema = object({ x: { type: "string", not: { type: "number" } }, y: { $ref: "#/properties/x/not" } });
      const [problem] = only(schema, "strict/unsupported-keyword");
      expect(problem).toMatchObject({ path: ["properties", "x", "not"] });
      expect(problem).not.toHaveProperty("fix");
    });

    it("keeps $dynamicAnchor when something refers to it", () => {
      const schema = object({ x: { type: "string", $dynamicAnchor: "s" }, y: { $ref: "#s" } });
      const [problem] = only(schema, "strict/unsupported-keyword");
      expect(problem).toMatchObject({ path: ["properties", "x", "$dynamicAnchor"] });
      expect(problem).not.toHaveProperty("fix");
    });
  });

  describe("strict/all-of", () => {
    it("offers a merge when the branches agree", () => {
      const schema = object({ p: { allOf: [{ type: "object", properties: { a: { type: "string" } } }, { properties: { b: { type: "string" } }, required: ["b"] }] } });
      const problems = only(schema, "strict/all-of");
      expect(problems).toMatchObject([{ path: ["properties", "p", "allOf"], fix: "Merge allOf into one schema" }]);
      expect(problems[0]!.message).toContain("'allOf'");
    });

    it.each([
      [[{ $ref: "#/$defs/a" }, { type: "object" }], "branch 0 uses $ref"],
      [[{ properties: { x: { type: "string" } } }, { properties: { x: { type: "number" } } }], "property 'x' differs between branch 0 and branch 1"],
      [[{ type: "object" }, { type: "string" }], "'type' differs between branch 0 and branch 1"],
      [[true, { type: "object" }], "branch 0 is a boolean schema"],
    ])("explains why %j cannot be merged", (branches, reason) => {
      const schema = object({ p: { allOf: branches } }, { $defs: { a: { type: "object" } } });
      const [problem] = only(schema, "strict/all-of");
      expect(problem).toMatchObject({ path: ["properties", "p", "allOf"] });
      expect(problem).not.toHaveProperty("fix");
      expect(problem!.message).toContain(reason);
    });

    it("compares the node's own keywords with the branches", () => {
      const [problem] = only(object({ p: { type: "string", allOf: [{ type: "number" }] } }), "strict/all-of");
      expect(problem!.message).toContain("'type' differs between the schema itself and branch 0");
    });
  });

  describe("strict/nullable-keyword", () => {
    it("reports nullable, true or false", () => {
      const schema = object({ a: { type: "string", nullable: true }, b: { type: "string", nullable: false } });
      expect(only(schema, "strict/nullable-keyword")).toMatchObject([
        { path: ["properties", "a", "nullable"], fix: "Replace with a nullable type" },
        { path: ["properties", "b", "nullable"], fix: "Remove 'nullable'" },
      ]);
      expect(only(schema, "strict/nullable-keyword")[0]!.message).toContain("'nullable'");
      expect(only(VALID, "strict/nullable-keyword")).toEqual([]);
    });
  });

  describe("strict/default", () => {
    it("reports default wherever it is, but not inside data", () => {
      const schema = object({ a: { type: "string", default: "x" }, b: { type: "string", enum: ["x"], examples: [{ default: 1 }] } });
      const problems = only(schema, "strict/default");
      expect(problems).toMatchObject([{ path: ["properties", "a", "default"], fix: "Move default into the description" }]);
      expect(problems[0]!.message).toContain("'default'");
    });

    it("does not mistake a property named default for the keyword", () => {
      expect(only(object({ default: { type: "string" } }), "strict/default")).toEqual([]);
    });
  });

  describe("strict/missing-type", () => {
    it("reports subschemas without a type and boolean subschemas", () => {
      const schema = object({ a: { description: "anything" }, b: true, c: { anyOf: [{ minimum: 1 }, { type: "null" }] } });
      const problems = only(schema, "strict/missing-type");
      expect(problems.map((problem) => problem.path)).toEqual([
        ["properties", "a"],
        ["properties", "b"],
        ["properties", "c", "anyOf", 0],
      ]);
      expect(problems[0]!.message).toContain("'properties.a' has no 'type'");
      expect(problems[1]!.message).toContain("boolean schema true");
      expect(problems.every((problem) => problem.fix === undefined)).toBe(true);
    });

    it("accepts type, anyOf, $ref, enum and const", () => {
      const schema = object({ a: { type: "string" }, b: { anyOf: [{ type: "string" }] }, c: { $ref: "#/$defs/c" }, d: { enum: [1] }, e: { const: 1 } }, { $defs: { c: { type: "string" } } });
      expect(only(schema, "strict/missing-type")).toEqual([]);
    });
  });

  describe("strict/array-items", () => {
    it("wants one items schema on every array", () => {
      const schema = object({ a: { type: "array" }, b: { type: ["array", "null"], items: true }, c: { type: "array", items: [{ type: "string" }] } });
      const problems = only(schema, "strict/array-items");
      expect(problems.map((problem) => problem.path)).toEqual([
        ["properties", "a", "items"],
        ["properties", "b", "items"],
        ["properties", "c", "items"],
      ]);
      expect(problems[0]!.message).toContain("'properties.a'");
      expect(problems[0]!.message).toContain("'items'");
      expect(problems[2]!.message).toContain("tuple");
    });
  });

  it("lists problems depth first in document order, limits last", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string", default: "x" }, b: { type: "array" } },
      required: ["a"],
      enum: Array.from({ length: 1001 }, (_, index) => index),
    };
    expect(strictProblems(schema, "function").map((problem) => problem.rule)).toEqual([
      "strict/additional-properties",
      "strict/required",
      "strict/default",
      "strict/array-items",
      "strict/enum-count",
    ]);
  });
});

describe("isObjectSchema", () => {
  it("recognises object schemas", () => {
    expect(isObjectSchema({ type: "object" })).toBe(true);
    expect(isObjectSchema({ type: ["null", "object"] })).toBe(true);
    expect(isObjectSchema({ properties: {} })).toBe(true);
    expect(isObjectSchema({ type: "string", properties: {} })).toBe(false);
    expect(isObjectSchema(true)).toBe(false);
  });
});
