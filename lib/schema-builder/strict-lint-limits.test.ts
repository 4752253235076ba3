import { describe, expect, it } from "vitest";
import { STRICT_LIMITS, strictProblems } from "@/lib/schema-builder/strict-lint";
import type { JsonSchema, RuleId } from "@/lib/schema-builder/types";

// The size limits of strict mode: nesting depth and the whole-schema counts.

function object(properties: Record<string, unknown>, extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

function only(schema: unknown, rule: RuleId) {
  return strictProblems(schema, "function").filter((problem) => problem.rule === rule);
}

describe("strict/nesting-depth", () => {
  function nested(levels: number): JsonSchema {
    let node: JsonSchema = { type: "string" };
    for (let level = 1; level < levels; level++) node = object({ n: node });
    return node;
  }

  it("allows ten levels and reports the first node of the eleventh, once", () => {
    expect(only(nested(10), "strict/nesting-depth")).toEqual([]);
    const problems = only(nested(12), "strict/nesting-depth");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(Array.from({ length: 10 }, () => ["properties", "n"]).flat());
    expect(problems[0]!.message).toContain("11 levels");
  });

  it("does not count anyOf branches or $defs entries as levels", () => {
    let node: JsonSchema = { type: "string" };
    // root (1) → properties.root (2) → eight anyOf-wrapped objects, one level each → 10.
    for (let level = 0; level < 8; level++) node = { anyOf: [object({ n: node }), { type: "null" }] };
    expect(only({ ...object({ root: node }), $defs: { x: object({ n: node }) } }, "strict/nesting-depth")).toEqual([]);
    expect(only(object({ root: { anyOf: [object({ n: node })] } }), "strict/nesting-depth")).toHaveLength(1);
  });
});

describe("whole-schema limits", () => {
  it("counts properties across the schema and $defs", () => {
    const many = Object.fromEntries(Array.from({ length: 2600 }, (_, index) => [`p${index}`, { type: "string" }]));
    expect(only(object(many), "strict/property-count")).toEqual([]);
    const [problem] = only(object(many, { $defs: { d: object(many) } }), "strict/property-count");
    expect(problem).toMatchObject({ path: [] });
    expect(problem).not.toHaveProperty("fix");
    expect(problem!.message).toContain(`5200 properties`);
  });

  it("counts enum values across the schema", () => {
    const values = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);
    expect(only(object({ a: { type: "string", enum: values(STRICT_LIMITS.maxEnumValues, "a") } }), "strict/enum-count")).toEqual([]);
    const [problem] = only(object({ a: { type: "string", enum: values(600, "a") }, b: { type: "string", enum: values(401, "b") } }), "strict/enum-count");
    expect(problem).toMatchObject({ path: [] });
    expect(problem!.message).toContain("1001 enum values");
  });

  it("limits the total string length", () => {
    const long = "x".repeat(60_001);
    expect(only(object({ a: { type: "string", const: "x".repeat(1000) } }), "strict/string-size")).toEqual([]);
    const [problem] = only(object({ a: { type: "string", const: long }, b: { type: "string", enum: [long] } }), "strict/string-size");
    expect(problem).toMatchObject({ path: [] });
    expect(problem!.message).toContain("120004 characters");
  });

  it("limits the length of a large string enum", () => {
    const big = Array.from({ length: 251 }, (_, index) => `${index}`.padStart(60, "v"));
    const small = big.slice(0, 250);
    expect(only(object({ a: { type: "string", enum: small } }), "strict/string-size")).toEqual([]);
    const [problem] = only(object({ a: { type: "string", enum: big } }), "strict/string-size");
    expect(problem).toMatchObject({ path: ["properties", "a", "enum"] });
    expect(problem!.message).toContain("251 string values");
  });
});

describe("deep schemas", () => {
  it("are linted without recursion and without copying a path per node", () => {
    let node: JsonSchema = { type: "string" };
    for (let level = 0; level < 20_000; level++) node = { type: "array", items: node };
    const problems = strictProblems(object({ deep: node }), "function");
    expect(problems.filter((problem) => problem.rule === "strict/nesting-depth")).toHaveLength(1);
  });
});
