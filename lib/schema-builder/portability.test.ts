import { describe, expect, it } from "vitest";
import { portabilityWarnings, unportableRegexFeature } from "@/lib/schema-builder/portability";
import type { JsonSchema, LintOptions, RuleId } from "@/lib/schema-builder/types";

const STRICT: LintOptions = { strict: true, target: "function" };
const LOOSE: LintOptions = { strict: false, target: "response_format" };

function object(properties: Record<string, unknown>, extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

function only(schema: unknown, rule: RuleId, options: LintOptions = STRICT) {
  return portabilityWarnings(schema, options).filter((warning) => warning.rule === rule);
}

describe("portabilityWarnings", () => {
  it("has nothing to say about a plain schema", () => {
    const schema = object({ when: { type: "string", format: "date-time" }, code: { type: "string", pattern: "^[A-Z]{3}$" }, n: { type: "integer" } });
    expect(portabilityWarnings(schema, STRICT)).toEqual([]);
    expect(portabilityWarnings(null, STRICT)).toEqual([]);
  });

  describe("portability/format", () => {
    it("warns about formats outside OpenAI's list, strict or not", () => {
      const schema = object({ site: { type: "string", format: "uri" }, mail: { type: "string", format: "email" } });
      for (const options of [STRICT, LOOSE]) {
        const warnings = only(schema, "portability/format", options);
        expect(warnings).toMatchObject([{ path: ["properties", "site", "format"], severity: "warning" }]);
        expect(warnings[0]).not.toHaveProperty("fix");
        expect(warnings[0]!.message).toContain('"uri"');
        expect(warnings[0]!.message).toContain("Model Studio");
        expect(warnings[0]!.message).toContain("description");
      }
    });

    it("looks into $defs, anyOf and items", () => {
      const schema = object({ list: { type: "array", items: { anyOf: [{ $ref: "#/$defs/h" }, { type: "null" }] } } }, { $defs: { h: { type: "string", format: "hostname-idn" } } });
      expect(only(schema, "portability/format").map((warning) => warning.path)).toEqual([["$defs", "h", "format"]]);
    });
  });

  describe("portability/pattern", () => {
    it.each([
      ["^(?=.*\\d).+$", "lookahead"],
      ["^(?!admin).*$", "lookahead"],
      ["(?<=@)\\w+", "lookbehind"],
      ["(?<!x)y", "lookbehind"],
      ["(a)\\1", "backreference"],
      ["(?<q>['\"]).*\\k<q>", "named backreference"],
    ])("warns about %s", (pattern, feature) => {
      const [warning] = only(object({ s: { type: "string", pattern } }), "portability/pattern");
      expect(warning).toMatchObject({ path: ["properties", "s", "pattern"], severity: "warning" });
      expect(warning!.message).toContain(feature);
      expect(warning!.message).toContain("llama.cpp");
    });

    it.each(["^[a-z]+$", "\\\\1", "[(?=]", "(?:ab)+", "(?<name>x)", "\\(?=x\\)"])("accepts %s", (pattern) => {
      expect(unportableRegexFeature(pattern)).toBeNull();
      expect(only(object({ s: { type: "string", pattern } }), "portability/pattern")).toEqual([]);
    });
  });

  describe("portability/recursion", () => {
    it("warns once per recursive definition, at the $ref that closes the cycle", () => {
      const schema = object(
        { tree: { $ref: "#/$defs/node" } },
        { $defs: { node: object({ value: { type: "string" }, left: { anyOf: [{ $ref: "#/$defs/node" }, { type: "null" }] }, right: { anyOf: [{ $ref: "#/$defs/node" }, { type: "null" }] } }) } },
      );
      const warnings = only(schema, "portability/recursion");
      expect(warnings).toMatchObject([{ path: ["$defs", "node", "properties", "left", "anyOf", 0, "$ref"], severity: "warning" }]);
      expect(warnings[0]!.message).toContain("'$defs.node'");
      expect(warnings[0]!.message).toContain("Model Studio");
    });

    it("finds recursion through the root and through several definitions", () => {
      expect(only(object({ child: { anyOf: [{ $ref: "#" }, { type: "null" }] } }), "portability/recursion")).toMatchObject([{ path: ["properties", "child", "anyOf", 0, "$ref"] }]);
      const mutual = object({ a: { $ref: "#/definitions/a" } }, { definitions: { a: object({ b: { $ref: "#/definitions/b" } }), b: object({ a: { $ref: "#/definitions/a" } }) } });
      expect(only(mutual, "portability/recursion").map((warning) => warning.path)).toEqual([
        ["definitions", "a", "properties", "b", "$ref"],
        ["definitions", "b", "properties", "a", "$ref"],
      ]);
    });

    it("does not mistake shared definitions for recursion", () => {
      const schema = object(
        { a: { $ref: "#/$defs/x" }, b: { $ref: "#/$defs/x" }, c: { $ref: "#/$defs/y" } },
        { $defs: { x: object({ v: { type: "string" } }), y: object({ x: { $ref: "#/$defs/x" } }) } },
      );
      expect(only(schema, "portability/recursion")).toEqual([]);
      // A reference from the root into its own $defs does not make the root recursive.
      expect(only(object({ a: { $ref: "#/$defs/x" } }, { $defs: { x: { type: "string" } } }), "portability/recursion")).toEqual([]);
    });
  });

  describe("portability/string-constraints", () => {
    it("warns about minLength and maxLength in strict mode only", () => {
      const schema = object({ s: { type: "string", minLength: 1, maxLength: 10 } });
      const warnings = only(schema, "portability/string-constraints");
      expect(warnings.map((warning) => warning.path)).toEqual([
        ["properties", "s", "minLength"],
        ["properties", "s", "maxLength"],
      ]);
      expect(warnings[0]!.message).toContain("'minLength'");
      expect(warnings[1]!.message).toContain("'maxLength'");
      expect(only(schema, "portability/string-constraints", LOOSE)).toEqual([]);
    });

    it("does not count a property named minLength", () => {
      expect(only(object({ minLength: { type: "integer" } }), "portability/string-constraints")).toEqual([]);
    });
  });
});
