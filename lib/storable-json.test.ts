import { describe, expect, it } from "vitest";
import { findUnstorable, MAX_JSON_DEPTH } from "@/lib/storable-json";

// What Postgres or Prisma cannot store as sent must be found (with its path) before any write.

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
};

describe("findUnstorable", () => {
  it.each<[string, unknown]>([
    ["plain values", { a: "text", b: [1, true, null, { c: "d" }] }],
    ["other control characters", { a: "tab\tnewline\n\u0001" }],
    [`nesting of exactly ${MAX_JSON_DEPTH} levels`, nested(MAX_JSON_DEPTH)],
  ])("accepts %s", (_case, value) => {
    expect(findUnstorable(value)).toBeNull();
  });

  it.each<[string, unknown, (string | number)[], RegExp]>([
    ["a NUL in a string", { a: ["ok", "bad\u0000"] }, ["a", 1], /NUL/],
    ["a NUL in a key", { a: { "k\u0000": 1 } }, ["a"], /NUL/],
    ["a __proto__ key", JSON.parse('{"a": {"__proto__": {"x": 1}}}'), ["a", "__proto__"], /__proto__/],
    ["nesting one level too deep", nested(MAX_JSON_DEPTH + 1), [], /nested more than/],
  ])("refuses %s, at its path", (_case, value, path, message) => {
    const problem = findUnstorable(value);
    expect(problem?.message).toMatch(message);
    if (path.length) expect(problem?.path).toEqual(path);
  });

  it("survives nesting far beyond any stack (no recursion)", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(findUnstorable(deep)?.message).toMatch(/nested more than/);
  });

  it("reports the first problem in document order", () => {
    expect(findUnstorable({ a: "x\u0000", b: "y\u0000" })?.path).toEqual(["a"]);
  });
});
