import { describe, expect, it, vi } from "vitest";
import { jsonSchemaProblems } from "@/lib/json-schema";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
const DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";

describe("jsonSchemaProblems: valid schemas", () => {
  it.each<[string, Record<string, unknown>]>([
    ["the empty schema", {}],
    ["an object schema", { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } }, required: ["city"] }],
    ["a nullable type list", { type: ["string", "null"] }],
    ["enum and const", { enum: ["c", "f"], const: "c" }],
    ["a $ref into $defs", { type: "object", $defs: { unit: { enum: ["c", "f"] } }, properties: { unit: { $ref: "#/$defs/unit" } } }],
    ["a recursive $ref", { type: "object", properties: { children: { type: "array", items: { $ref: "#" } } } }],
    ["an explicit 2020-12 $schema", { $schema: DRAFT_2020, type: "object" }],
    ["2020-12 prefixItems", { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false }],
    ["a draft-07 $schema", { $schema: DRAFT_07, type: "object", properties: { a: { type: "string" } } }],
    ["a draft-07 $schema without the trailing #", { $schema: "http://json-schema.org/draft-07/schema", type: "object" }],
    ["draft-07 definitions", { $schema: DRAFT_07, definitions: { a: { type: "string" } }, properties: { a: { $ref: "#/definitions/a" } } }],
    ["unknown keywords (not strict)", { type: "object", "x-ui": { widget: "select" } }],
    ["a format it does not know", { type: "string", format: "not-a-known-format" }],
    ["a $id", { $id: "https://example.com/schemas/weather", type: "object" }],
  ])("%s has no problems", (_case, schema) => {
    expect(jsonSchemaProblems(schema)).toEqual([]);
  });
});

describe("jsonSchemaProblems: invalid schemas", () => {
  it.each<[string, unknown, (string | number)[]]>([
    ["a misspelled type", { type: "object", properties: { a: { type: "strng" } } }, ["properties", "a", "type"]],
    ["a misspelled top-level type", { type: "obj" }, ["type"]],
    ["required not an array", { type: "object", required: "city" }, ["required"]],
    ["minimum not a number", { type: "number", minimum: "0" }, ["minimum"]],
    ["properties not an object", { type: "object", properties: ["a"] }, ["properties"]],
    ["an invalid schema inside an array keyword", { anyOf: [{ type: "string" }, { type: 5 }] }, ["anyOf", 1, "type"]],
    ["an invalid schema under a key with a slash", { properties: { "a/b": { type: "nope" } } }, ["properties", "a/b", "type"]],
    ["an invalid schema under a key with a tilde", { properties: { "a~b": { type: "nope" } } }, ["properties", "a~b", "type"]],
    ["an invalid draft-07 schema", { $schema: DRAFT_07, type: "object", required: "a" }, ["required"]],
    ["a $ref to a missing $defs entry", { type: "object", properties: { a: { $ref: "#/$defs/missing" } } }, ["properties", "a", "$ref"]],
    ["a $ref to another document", { properties: { a: { $ref: "https://example.com/other.json" } } }, ["properties", "a", "$ref"]],
    ["a $ref to a missing anchor", { $defs: { x: { $anchor: "here" } }, items: { $ref: "#there" } }, ["items", "$ref"]],
    ["an invalid pattern", { type: "string", pattern: "[a-" }, ["pattern"]],
    ["an invalid patternProperties key", { type: "object", patternProperties: { "(": { type: "string" } } }, ["patternProperties"]],
    ["an unknown $schema", { $schema: "https://example.com/my-meta-schema", type: "object" }, ["$schema"]],
    ["an array", [{ type: "string" }], []],
    ["a string", "object", []],
    ["null", null, []],
    ["a boolean", true, []],
  ])("%s is reported at %j", (_case, schema, path) => {
    const problems = jsonSchemaProblems(schema);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.path).toEqual(path);
    expect(problems[0]!.message).not.toBe("");
  });

  it("reports one problem per spot, not ajv's whole anyOf cascade", () => {
    const problems = jsonSchemaProblems({ type: "object", properties: { a: { type: "strng" } } });
    expect(problems).toHaveLength(1);
  });

  it("says that a missing $ref target cannot be resolved", () => {
    const [problem] = jsonSchemaProblems({ properties: { a: { $ref: "#/$defs/missing" } } });
    expect(problem?.message).toMatch(/#\/\$defs\/missing/);
  });
});

describe("jsonSchemaProblems: the ajv instance is reused safely", () => {
  it("checks many different schemas with the same $id without 'already exists' errors", () => {
    for (let i = 0; i < 50; i++) {
      const schema = { $id: "https://example.com/schemas/same", type: "object", properties: { [`p${i}`]: { type: i % 2 ? "string" : "number" } } };
      expect(jsonSchemaProblems(schema)).toEqual([]);
    }
  });

  it("checks the same schema object twice", () => {
    const schema = { $id: "https://example.com/schemas/twice", type: "object" };
    expect(jsonSchemaProblems(schema)).toEqual([]);
    expect(jsonSchemaProblems(schema)).toEqual([]);
  });

  it("forgets a $id whose schema failed to compile", () => {
    const id = "https://example.com/schemas/failed";
    expect(jsonSchemaProblems({ $id: id, properties: { a: { $ref: "#/$defs/missing" } } })).not.toEqual([]);
    expect(jsonSchemaProblems({ $id: id, type: "object" })).toEqual([]);
  });

  it("checks schemas that repeat a nested $id with different content", () => {
    for (const type of ["string", "number", "boolean"]) {
      expect(jsonSchemaProblems({ type: "object", $defs: { a: { $id: "https://example.com/schemas/nested", type } } })).toEqual([]);
    }
  });

  it("does not let a bad schema change the verdict on the next one", () => {
    expect(jsonSchemaProblems({ type: "strng" })).not.toEqual([]);
    expect(jsonSchemaProblems({ type: "string" })).toEqual([]);
  });

  // A user schema whose $id is a meta-schema's own URI fails to compile ("already exists"), and the
  // clean-up then removes the meta-schema itself from the shared ajv instance: every later check in
  // the process fails. A fresh module copy keeps the damage out of the other tests in this file.
  it.each([
    ["2020-12", DRAFT_2020, { type: "object", properties: { a: { type: "string" } } }],
    ["draft-07", DRAFT_07, { $schema: DRAFT_07, type: "object", properties: { a: { type: "string" } } }],
  ])("survives a user schema whose $id is the %s meta-schema URI", async (_draft, metaId, next) => {
    vi.resetModules();
    const fresh = await import("@/lib/json-schema");
    fresh.jsonSchemaProblems({ $id: metaId, type: "object" });
    expect(fresh.jsonSchemaProblems(next)).toEqual([]);
  });
});

describe("jsonSchemaProblems: draft-07 schemas are checked as draft-07", () => {
  it("accepts a draft-07 tuple (items as an array), which is valid draft-07", () => {
    const tuple = { $schema: DRAFT_07, type: "array", items: [{ type: "string" }, { type: "number" }], additionalItems: false };
    expect(jsonSchemaProblems(tuple)).toEqual([]);
  });
});

describe("jsonSchemaProblems: references and patterns that do resolve", () => {
  it.each<[string, unknown]>([
    ["a $ref to $defs", { type: "object", properties: { a: { $ref: "#/$defs/a" } }, $defs: { a: { type: "string" } } }],
    ["a $ref to the root (recursion)", { type: "object", properties: { child: { $ref: "#" } } }],
    ["a $ref to an anchor", { $defs: { x: { $anchor: "here", type: "string" } }, items: { $ref: "#here" } }],
    ["a percent-encoded pointer", { $defs: { "a b": { type: "string" } }, items: { $ref: "#/$defs/a%20b" } }],
    ["a $ref-like string inside enum or default (data, not a reference)", { enum: [{ $ref: "nowhere" }], default: { $ref: "x" } }],
    ["a property named pattern", { type: "object", properties: { pattern: { type: "string" } } }],
  ])("%s passes", (_case, schema) => {
    expect(jsonSchemaProblems(schema)).toEqual([]);
  });
});
