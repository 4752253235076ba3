import { describe, expect, it } from "vitest";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { inferSchema } from "@/lib/schema-builder/infer";
import { strictProblems } from "@/lib/schema-builder/strict-lint";

const strict = { strict: true };
const loose = { strict: false };

describe("inferSchema", () => {
  it.each<[string, unknown, unknown]>([
    ["a string", "hello", { type: "string" }],
    ["an integer", 3, { type: "integer" }],
    ["a fraction", 2.5, { type: "number" }],
    ["a boolean", false, { type: "boolean" }],
    ["null", null, { type: "null" }],
    ["a date-time", "2024-05-01T10:00:00Z", { type: "string", format: "date-time" }],
    ["a date-time with an offset", "2024-05-01T10:00:00.5+02:00", { type: "string", format: "date-time" }],
    ["a date", "2024-02-29", { type: "string", format: "date" }],
    ["an impossible date", "2023-02-29", { type: "string" }],
    ["an email", "ada@example.com", { type: "string", format: "email" }],
    ["a uuid", "123E4567-E89B-12D3-A456-426614174000", { type: "string", format: "uuid" }],
    ["a date-time without a zone", "2024-05-01T10:00:00", { type: "string" }],
  ])("infers %s", (_case, value, schema) => {
    expect(inferSchema(value, strict)).toEqual(schema);
  });

  it("makes every key of an object a required property, closed in strict mode", () => {
    const value = { name: "Ada", age: 36, tags: ["x"], address: { city: "London" } };
    expect(inferSchema(value, strict)).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        age: { type: "integer" },
        tags: { type: "array", items: { type: "string" } },
        address: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
      },
      required: ["name", "age", "tags", "address"],
      additionalProperties: false,
    });
    expect(inferSchema({ a: 1 }, loose)).toEqual({ type: "object", properties: { a: { type: "integer" } }, required: ["a"] });
  });

  it("merges array elements: missing keys are optional, or nullable and required in strict mode", () => {
    const value = [{ id: 1, note: "x" }, { id: 2 }];
    expect(inferSchema(value, loose)).toEqual({
      type: "array",
      items: { type: "object", properties: { id: { type: "integer" }, note: { type: "string" } }, required: ["id"] },
    });
    expect(inferSchema(value, strict)).toEqual({
      type: "array",
      items: { type: "object", properties: { id: { type: "integer" }, note: { type: ["string", "null"] } }, required: ["id", "note"], additionalProperties: false },
    });
  });

  it("widens integers to numbers, turns mixed types into anyOf, and null into nullable", () => {
    expect(inferSchema([1, 2.5], strict)).toEqual({ type: "array", items: { type: "number" } });
    expect(inferSchema([1, "a"], strict)).toEqual({ type: "array", items: { anyOf: [{ type: "integer" }, { type: "string" }] } });
    expect(inferSchema([1, null], strict)).toEqual({ type: "array", items: { type: ["integer", "null"] } });
    expect(inferSchema(["a", 1, null], strict)).toEqual({ type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] } });
    expect(inferSchema([null, null], strict)).toEqual({ type: "array", items: { type: "null" } });
    expect(inferSchema([[1], ["a"]], strict)).toEqual({ type: "array", items: { type: "array", items: { anyOf: [{ type: "integer" }, { type: "string" }] } } });
  });

  it("keeps a format only when every string has it", () => {
    expect(inferSchema(["2024-01-01", "2024-01-02"], strict)).toEqual({ type: "array", items: { type: "string", format: "date" } });
    expect(inferSchema(["2024-01-01", "soon"], strict)).toEqual({ type: "array", items: { type: "string" } });
  });

  it("guesses string items for an empty array and says so", () => {
    const schema = inferSchema({ list: [] }, strict);
    const items = (schema.properties as { list: { items: { type: string; description: string } } }).list.items;
    expect(items.type).toBe("string");
    expect(items.description).toMatch(/^Guessed/);
  });

  it("gives strict-valid schemas for object examples", () => {
    const schema = inferSchema({ user: { name: "a", emails: ["a@b.co"], meta: null }, items: [{ x: 1 }, { y: true }, { x: 2.5, y: null }] }, strict);
    expect(jsonSchemaProblems(schema)).toEqual([]);
    expect(strictProblems(schema, "function")).toEqual([]);
  });
});
