import { describe, expect, it } from "vitest";
import type { ResponseFormat } from "@/lib/assistants/schema";
import { expectsJson, parseJsonReply, responseSchemaOf } from "@/lib/playground/json-reply";

describe("parseJsonReply", () => {
  it("parses an object or array and pretty-prints it", () => {
    expect(parseJsonReply('{"a":1,"b":[true,null]}')).toEqual({ value: { a: 1, b: [true, null] }, pretty: '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}' });
    expect(parseJsonReply("[1, 2]")).toEqual({ value: [1, 2], pretty: "[\n  1,\n  2\n]" });
    expect(parseJsonReply("{}")?.pretty).toBe("{}");
  });

  it("ignores surrounding whitespace", () => {
    expect(parseJsonReply('\n\n  {"a": 1}  \n')?.value).toEqual({ a: 1 });
  });

  it("accepts a reply that is a single ```json (or unlabeled) fenced block", () => {
    expect(parseJsonReply('```json\n{"a": 1}\n```')?.value).toEqual({ a: 1 });
    expect(parseJsonReply('  ```JSON\r\n[\n  1\n]\r\n```\n')?.value).toEqual([1]);
    expect(parseJsonReply('```\n{"a": 1}\n```')?.value).toEqual({ a: 1 });
  });

  it("refuses a fence of another language, or a fence with prose around it", () => {
    expect(parseJsonReply('```js\n{"a": 1}\n```')).toBeNull();
    expect(parseJsonReply('Here you go:\n```json\n{"a": 1}\n```')).toBeNull();
    expect(parseJsonReply('```json\n{"a": 1}\n```\nAnything else?')).toBeNull();
  });

  it("refuses scalars, prose, and JSON with trailing text", () => {
    for (const text of ["42", '"hi"', "true", "null", "", "   ", "Hello {there}", '{"a": 1} and more', "[1] [2]"]) {
      expect(parseJsonReply(text), text).toBeNull();
    }
  });

  it("refuses partial JSON as it streams in, without throwing", () => {
    const full = '{"name": "Oslo", "days": [1, 2, 3]}';
    for (let end = 0; end < full.length; end++) expect(parseJsonReply(full.slice(0, end))).toBeNull();
    expect(parseJsonReply(full)).not.toBeNull();
  });

  it("refuses malformed JSON that looks like an object", () => {
    expect(parseJsonReply("{a: 1}")).toBeNull();
    expect(parseJsonReply('{"a": 1,}')).toBeNull();
  });

  it("returns null, not a throw, when nesting is too deep to pretty-print", () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`; // parses, but stringify overflows
    expect(parseJsonReply(deep)).toBeNull();
  });
});

const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false };

describe("responseSchemaOf", () => {
  it("returns the name, schema and strictness of a json_schema format", () => {
    const format: ResponseFormat = { type: "json_schema", json_schema: { name: "weather", schema, strict: true } };
    expect(responseSchemaOf(format)).toEqual({ name: "weather", schema, strict: true });
  });

  it("treats a missing or null strict as false", () => {
    expect(responseSchemaOf({ type: "json_schema", json_schema: { name: "w", schema } })?.strict).toBe(false);
    expect(responseSchemaOf({ type: "json_schema", json_schema: { name: "w", schema, strict: null } })?.strict).toBe(false);
  });

  it("is null for a json_schema without a schema, and for every other format", () => {
    expect(responseSchemaOf({ type: "json_schema", json_schema: { name: "w" } })).toBeNull();
    for (const format of ["auto", { type: "text" }, { type: "json_object" }, null, undefined] as const) {
      expect(responseSchemaOf(format)).toBeNull();
    }
  });
});

describe("expectsJson", () => {
  it("is true for json_object and json_schema", () => {
    expect(expectsJson({ type: "json_object" })).toBe(true);
    expect(expectsJson({ type: "json_schema", json_schema: { name: "w", schema } })).toBe(true);
    expect(expectsJson({ type: "json_schema", json_schema: { name: "w" } })).toBe(true);
  });

  it("is false for auto, text and no format", () => {
    for (const format of ["auto", { type: "text" }, null, undefined] as const) expect(expectsJson(format)).toBe(false);
  });
});
