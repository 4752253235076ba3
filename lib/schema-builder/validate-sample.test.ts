import { describe, expect, it } from "vitest";
import { validateSample } from "@/lib/schema-builder/validate-sample";

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
});
