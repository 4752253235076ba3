import { describe, expect, it } from "vitest";
import { parseImport, type ImportKind } from "@/lib/schema-builder/import";
import { jsonSyntaxError } from "@/lib/schema-builder/json-syntax";

const parameters = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false };
const weather = { name: "get_weather", description: "Weather", parameters, strict: true };
const json = (value: unknown) => JSON.stringify(value, null, 2);

describe("parseImport: detection", () => {
  it("reads an OpenAI tools array and skips other tools with a note", () => {
    const result = parseImport(json([{ type: "function", function: weather }, { type: "code_interpreter" }, { type: "file_search" }]));
    expect(result).toEqual({
      ok: true,
      kind: "tools",
      functions: [weather],
      schema: null,
      note: "Skipped 2 tools that are not functions: code_interpreter, file_search.",
    });
  });

  it("reads a request body with tools", () => {
    const result = parseImport(json({ model: "gpt-4o", messages: [], tools: [{ type: "function", function: weather }] }));
    expect(result).toMatchObject({ ok: true, kind: "tools", functions: [weather], schema: null });
  });

  it("reads a legacy functions array and a body with functions", () => {
    expect(parseImport(json([weather, { ...weather, name: "get_time" }]))).toMatchObject({ ok: true, kind: "tools", functions: [weather, { ...weather, name: "get_time" }] });
    expect(parseImport(json({ functions: [weather] }))).toMatchObject({ ok: true, kind: "tools", functions: [weather] });
  });

  it("reads a single tool, a flat Responses API tool and a function object", () => {
    expect(parseImport(json({ type: "function", function: weather }))).toEqual({ ok: true, kind: "function", functions: [weather], schema: null });
    expect(parseImport(json({ type: "function", ...weather }))).toEqual({ ok: true, kind: "function", functions: [weather], schema: null });
    expect(parseImport(json(weather))).toEqual({ ok: true, kind: "function", functions: [weather], schema: null });
  });

  it("reads an Anthropic tool, taking input_schema as the parameters", () => {
    const result = parseImport(json({ name: "get_weather", description: "Weather", input_schema: parameters }));
    expect(result).toEqual({ ok: true, kind: "function", functions: [{ name: "get_weather", description: "Weather", parameters }], schema: null });
  });

  it.each<[string, unknown]>([
    ["$schema", { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" }],
    ["type and properties", parameters],
    ["properties alone", { properties: { a: { type: "string" } } }],
    ["anyOf", { anyOf: [{ type: "string" }, { type: "number" }] }],
    ["type with schema keywords", { type: "string", enum: ["a", "b"], description: "A letter" }],
    ["type alone", { type: "integer" }],
  ])("reads a bare JSON Schema with %s", (_case, schema) => {
    expect(parseImport(json(schema))).toEqual({ ok: true, kind: "schema", functions: [], schema });
  });

  it("reads the schema of a response format", () => {
    const result = parseImport(json({ type: "json_schema", json_schema: { name: "report", schema: parameters, strict: true } }));
    expect(result).toMatchObject({ ok: true, kind: "schema", functions: [], schema: parameters, note: "Took the schema of response format 'report'." });
  });

  it.each<[string, unknown, string]>([
    ["an object", { city: "Paris", days: 3 }, "object"],
    ["an object with a 'type' that is not a schema type", { type: "dog", name: "Rex" }, "object"],
    ["an object whose 'type' sits beside non-schema keys", { type: "string", value: "x" }, "object"],
    ["an array of objects", [{ a: 1 }], "array"],
    ["a string", "hello", "string"],
  ])("infers a schema from an example: %s", (_case, value, type) => {
    const result = parseImport(json(value));
    expect(result).toMatchObject({ ok: true, kind: "example", functions: [] });
    expect(result.ok && result.schema?.type).toBe(type);
  });

  it("infers strict schemas from examples", () => {
    const result = parseImport('{"city": "Paris", "when": "2024-01-01"}');
    expect(result.ok && result.schema).toEqual({
      type: "object",
      properties: { city: { type: "string" }, when: { type: "string", format: "date" } },
      required: ["city", "when"],
      additionalProperties: false,
    });
  });

  it("notes function names that need renaming and duplicates", () => {
    const result = parseImport(json([{ type: "function", function: { name: "get weather" } }, { type: "function", function: { name: "get weather" } }]));
    expect(result).toMatchObject({ ok: true, kind: "tools" });
    expect(result.ok && result.note).toBe(
      "Rename 'get weather', 'get weather': function names are 1-64 characters of a-z, A-Z, 0-9, _ and -. Function names must be unique; 'get weather' appear more than once.",
    );
  });
});

describe("parseImport: forcing a kind", () => {
  it("reads a function as a one-item tools list", () => {
    expect(parseImport(json(weather), "tools")).toMatchObject({ ok: true, kind: "tools", functions: [weather] });
  });

  it("reads anything JSON as an example", () => {
    expect(parseImport(json(parameters), "example")).toMatchObject({ ok: true, kind: "example", schema: { type: "object" } });
  });

  it("reads any object as a schema", () => {
    expect(parseImport('{"city": "Paris"}', "schema")).toEqual({ ok: true, kind: "schema", functions: [], schema: { city: "Paris" } });
  });

  it.each<[ImportKind, unknown, string]>([
    ["tools", { city: "Paris" }, "This is not a tools array"],
    ["function", [{ type: "function", function: weather }], "This is a list of 1 tool; import it as tools"],
    ["function", { city: "Paris" }, "This is not a function definition"],
    ["schema", [1, 2], "A JSON Schema is an object; this is an array"],
    ["schema", "text", "A JSON Schema is an object; this is a string"],
  ])("refuses %s for %j", (kind, value, message) => {
    const result = parseImport(json(value), kind);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it("says what is wrong inside a tools list", () => {
    expect(parseImport(json([{ type: "function", function: { description: "no name" } }]), "tools")).toEqual({ ok: false, message: "tools[0].function has no 'name'" });
    expect(parseImport(json({ tools: [{ type: "function", function: { name: "a", parameters: "x" } }] }))).toEqual({
      ok: false,
      message: "tools[0].function.parameters must be a JSON Schema object",
    });
    expect(parseImport(json([{ type: "code_interpreter" }]), "tools")).toEqual({ ok: false, message: "No function tools found (only code_interpreter)" });
    expect(parseImport(json({ type: "function", function: { strict: true } }), "function")).toEqual({ ok: false, message: "tool.function has no 'name'" });
  });
});

describe("parseImport: text errors", () => {
  it("accepts a byte order mark", () => {
    expect(parseImport(`\uFEFF${json(weather)}`)).toMatchObject({ ok: true, kind: "function" });
  });

  it("explains empty text", () => {
    expect(parseImport("  \n ")).toEqual({ ok: false, message: expect.stringContaining("Nothing to import") });
  });

  it.each<[string, string]>([
    ['{\n  "a": 1,\n  "b": }', "Unexpected token '}' (line 3, column 8)"],
    ['{\n  "a": 1,\n}', "Trailing comma before '}' (JSON does not allow them) (line 2, column 9)"],
    ["[1 2]", "Expected ',' or ']' after an element, found '2' (line 1, column 4)"],
    ['{"a": nope}', "Unexpected token 'o' (line 1, column 8)"],
    ["{'a': 1}", "Expected a property name in double quotes, found ''' (line 1, column 2)"],
    ['{"a": 1', "Unexpected end of input (line 1, column 8)"],
    ['{"a": "x\ny"}', "Bad control character in a string (write a line break as \\n) (line 1, column 9)"],
    ['{"a": "x', "Unterminated string (line 1, column 7)"],
    ['{"a": 1} {"b": 2}', "Unexpected '{' after the end of the JSON value (line 1, column 10)"],
    ["-", "Unexpected token '-' (line 1, column 1)"],
  ])("reports %j with line and column", (text, message) => {
    expect(parseImport(text)).toEqual({ ok: false, message });
  });
});

describe("jsonSyntaxError", () => {
  it("finds nothing wrong in valid JSON", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}', " 0 ", '""', "[]", "{}"]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(jsonSyntaxError(text)).toBeNull();
    }
  });

  it("gives the offset as well", () => {
    expect(jsonSyntaxError('[1,\n "a" "b"]')).toEqual({ message: "Expected ',' or ']' after an element, found '\"'", line: 2, column: 6, offset: 9 });
  });
});
