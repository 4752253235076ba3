import { describe, expect, it } from "vitest";
import { CHECK_DEADLINE_MS, sampleCheckSchema, validateSample } from "@/lib/schema-builder/validate-sample";

const weather = {
  type: "object",
  properties: {
    location: { type: "string", minLength: 2 },
    unit: { type: ["string", "null"], enum: ["celsius", "fahrenheit", null] },
    days: { type: "array", items: { type: "object", properties: { date: { type: "string", format: "date" } }, required: ["date"], additionalProperties: false } },
  },
  required: ["location", "unit"],
  additionalProperties: false,
};

describe("validateSample", () => {
  it("accepts a value that fits", () => {
    expect(validateSample(weather, { location: "Oslo", unit: null, days: [{ date: "2026-11-22" }] })).toEqual({ valid: true, errors: [] });
  });

  it("names each problem by its path in the value", () => {
    const result = validateSample(weather, { location: "O", unit: "kelvin", extra: 1, days: [{ date: "22/11/2026" }, {}] });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: "location", message: "must NOT have fewer than 2 characters" },
        { path: "unit", message: 'must be one of "celsius", "fahrenheit", null' },
        { path: "extra", message: "is not an allowed property" },
        { path: "days[0].date", message: 'must match format "date"' },
        { path: "days[1].date", message: "is required" },
      ]),
    );
  });

  it("reports a wrong root type at (root)", () => {
    expect(validateSample(weather, [1]).errors).toEqual([{ path: "(root)", message: "must be object" }]);
  });

  it("follows local $refs and draft-07 schemas", () => {
    const schema = { $schema: "http://json-schema.org/draft-07/schema#", definitions: { n: { type: "integer" } }, type: "object", properties: { n: { $ref: "#/definitions/n" } } };
    expect(validateSample(schema, { n: 1.5 }).errors).toEqual([{ path: "n", message: "must be integer" }]);
  });

  it("refuses a schema that is not valid JSON Schema with a clear error", () => {
    expect(() => validateSample({ type: "strnig" }, "x")).toThrow(/not valid JSON Schema/);
  });

  it("stops a catastrophically backtracking pattern at the deadline with a 400, and stays usable", () => {
    const schema = { type: "object", properties: { code: { type: "string", pattern: "^(a+)+$" } } };
    const started = performance.now();
    expect(() => validateSample(schema, { code: `${"a".repeat(40)}!` })).toThrow(/backtracks catastrophically/);
    expect(performance.now() - started).toBeLessThan(CHECK_DEADLINE_MS * 8);
    expect(validateSample(schema, { code: "aaa" })).toEqual({ valid: true, errors: [] });
  });

  it("keeps checking correctly after its cache starts over", () => {
    for (let i = 0; i < 450; i++) expect(validateSample({ type: "object", properties: { [`k${i}`]: { type: "integer" } } }, { [`k${i}`]: i }).valid).toBe(true);
    expect(validateSample({ $id: "https://example.com/a", type: "integer" }, 1).valid).toBe(true);
    expect(validateSample({ $id: "https://example.com/a", type: "string" }, 1).valid).toBe(false);
  });
});

describe("sampleCheckSchema", () => {
  it("refuses samples nested deeper than the API stores and oversized input", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(sampleCheckSchema.safeParse({ schema: {}, sample: deep }).success).toBe(false);
    expect(sampleCheckSchema.safeParse({ schema: {}, sample: "x".repeat(100_001) }).success).toBe(false);
    expect(sampleCheckSchema.safeParse({ schema: { description: `a${String.fromCharCode(0)}b` }, sample: 1 }).success).toBe(false); // NUL
    expect(sampleCheckSchema.safeParse({ schema: { type: "object" }, sample: { a: [1, 2] } }).success).toBe(true);
  });
});
