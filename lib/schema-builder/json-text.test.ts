import { describe, expect, it } from "vitest";
import { describeJsonError, parseJsonText } from "@/lib/schema-builder/json-text";

describe("parseJsonText", () => {
  it("parses valid JSON", () => {
    expect(parseJsonText('{"a": [1, null]}')).toEqual({ ok: true, value: { a: [1, null] } });
  });

  it("points at the first syntax error by line and column", () => {
    const result = parseJsonText('{\n  "a": 1,\n  "b" 2\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(3);
    expect(result.column).toBe(7);
    expect(describeJsonError(result)).toMatch(/\(line 3, column 7\)$/);
    expect(result.message).toMatch(/Expected/);
  });

  it("puts an unexpected end at the end of the text", () => {
    const result = parseJsonText('{\n  "a": [1,');
    expect(result).toMatchObject({ ok: false, line: 2, column: 11 });
  });
});

describe("parseJsonText depth", () => {
  it("refuses nesting deeper than the API stores, valid or not, without overflowing", () => {
    for (const text of ["[".repeat(5000), `${"[".repeat(65)}${"]".repeat(65)}`, `{"a":${'{"b":'.repeat(70)}1${"}".repeat(71)}`]) {
      const result = parseJsonText(text);
      expect(result).toMatchObject({ ok: false, message: "Nested deeper than 64 levels", line: 1 });
    }
  });

  it("accepts 64 levels and ignores brackets inside strings", () => {
    expect(parseJsonText(`${"[".repeat(64)}${"]".repeat(64)}`).ok).toBe(true);
    expect(parseJsonText(JSON.stringify({ a: "[".repeat(100), b: '\\"[[[' })).ok).toBe(true);
  });
});
