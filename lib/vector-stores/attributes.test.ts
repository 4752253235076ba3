import { describe, expect, it } from "vitest";
import { attributesSchema } from "@/lib/vector-stores/attributes";
import { z } from "@/lib/zod";
import { rejection } from "@/lib/testing";
import { parseOrThrow } from "@/lib/validation";

// Limits from OpenAI's contract (VectorStoreFileAttributes), written out so a wrong constant fails here.
const body = z.strictObject({ attributes: attributesSchema.nullable().optional() });
const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe("attributesSchema", () => {
  it.each([
    ["strings, numbers and booleans", { category: "finance", year: 2024, ratio: 0.5, draft: false }],
    ["16 pairs", pairs(16)],
    ["a key of 64 characters", { ["k".repeat(64)]: "v" }],
    ["a value of 512 characters", { k: "v".repeat(512) }],
    ["no pairs", {}],
    ["null", null],
  ])("accepts %s", (_case, attributes) => {
    expect(parseOrThrow(body, { attributes })).toEqual({ attributes });
  });

  it.each([
    ["17 pairs", pairs(17), "attributes", "at most 16 key-value pairs, got 17"],
    ["a key of 65 characters", { ["k".repeat(65)]: "v" }, `attributes.${"k".repeat(65)}`, "key longer than 64 characters (65)"],
    ["a value of 513 characters", { k: "v".repeat(513) }, "attributes.k", "value longer than 512 characters (513)"],
    ["an empty key", { "": "v" }, "attributes", "keys must not be empty"],
    ["a null value", { k: null }, "attributes.k", "values must be strings, numbers or booleans, got null"],
    ["an array value", { k: ["a"] }, "attributes.k", "got an array"],
    ["an object value", { k: { nested: 1 } }, "attributes.k", "got object"],
    ["an infinite number", { k: Infinity }, "attributes.k", "numbers must be finite"],
    ["an array", ["a"], "attributes", "must be an object of string keys"],
  ])("rejects %s at param %s", (_case, attributes, param, message) => {
    const error = rejection(body, { attributes });
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
  });

  it("keeps a __proto__ key rather than dropping it", () => {
    const attributes = JSON.parse('{"__proto__": "x", "a": 1}');
    expect(Object.keys(parseOrThrow(body, { attributes }).attributes!)).toEqual(["__proto__", "a"]);
  });
});
