import { describe, expect, it } from "vitest";
import { isNullable, makeNonNullable, makeNullable } from "@/lib/schema-builder/nullable";
import type { JsonSchema } from "@/lib/schema-builder/types";

const PAIRS: [string, JsonSchema, JsonSchema][] = [
  ["a type", { type: "string", minLength: 1 }, { type: ["string", "null"], minLength: 1 }],
  ["a type list", { type: ["string", "integer"] }, { type: ["string", "integer", "null"] }],
  ["an enum", { enum: ["a", "b"] }, { enum: ["a", "b", null] }],
  ["an enum with a type", { type: "string", enum: ["a"] }, { type: ["string", "null"], enum: ["a", null] }],
  ["an anyOf", { anyOf: [{ type: "string" }, { type: "integer" }] }, { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] }],
  ["a $ref", { $ref: "#/$defs/a", description: "d" }, { anyOf: [{ $ref: "#/$defs/a" }, { type: "null" }], description: "d" }],
  ["a const", { const: 3 }, { anyOf: [{ const: 3 }, { type: "null" }] }],
  ["a type with a const", { type: "string", const: "x" }, { anyOf: [{ type: "string", const: "x" }, { type: "null" }] }],
  ["no type", { description: "any" }, { anyOf: [{}, { type: "null" }], description: "any" }],
];

describe("makeNullable / makeNonNullable", () => {
  it.each(PAIRS)("adds and removes null on %s", (_name, plain, nullable) => {
    expect(isNullable(plain)).toBe(false);
    expect(makeNullable(plain)).toEqual(nullable);
    expect(isNullable(nullable)).toBe(true);
    expect(makeNonNullable(nullable)).toEqual(plain);
  });

  it("leaves nullable schemas to makeNullable and plain ones to makeNonNullable", () => {
    const nullable = { type: ["string", "null"] };
    expect(makeNullable(nullable)).toBe(nullable);
    expect(makeNonNullable({ type: "string" })).toEqual({ type: "string" });
    expect(makeNonNullable({ type: "null" })).toEqual({ type: "null" });
  });

  it("keeps other branches when an anyOf has several", () => {
    expect(makeNonNullable({ anyOf: [{ type: "string" }, { type: "null" }, { type: "integer" }] })).toEqual({ anyOf: [{ type: "string" }, { type: "integer" }] });
  });

  it("does not unwrap over the branch's own keywords", () => {
    expect(makeNonNullable({ anyOf: [{ $ref: "#/a", description: "inner" }, { type: "null" }], description: "outer" })).toEqual({
      anyOf: [{ $ref: "#/a", description: "inner" }],
      description: "outer",
    });
  });
});

describe("isNullable", () => {
  it("needs every constraint to let null through", () => {
    expect(isNullable({ type: ["string", "null"], enum: ["a"] })).toBe(false);
    expect(isNullable({ type: ["string", "null"], enum: ["a", null] })).toBe(true);
    expect(isNullable({ const: null })).toBe(true);
    expect(isNullable({ anyOf: [{ type: "string" }, { enum: [null] }] })).toBe(true);
    expect(isNullable(true)).toBe(true);
    expect(isNullable(false)).toBe(false);
    expect(isNullable({})).toBe(false);
    expect(isNullable({ $ref: "#/$defs/a" })).toBe(false);
    expect(isNullable("null")).toBe(false);
  });
});
