import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attributes, AttributeValue } from "@/lib/vector-stores/attributes";
import { compileFilter, filterSchema, matchesFilter, type Filter } from "@/lib/vector-stores/search/filters";
import { openSqlRunner, type SqlRunner } from "@/lib/vector-stores/search/sql-test-support";
import { rejection } from "@/lib/testing";
import { parseOrThrow } from "@/lib/validation";

const eq = (key: string, value: AttributeValue): Filter => ({ type: "eq", key, value });

describe("filterSchema", () => {
  it("accepts comparisons and nested compounds as the contract defines them", () => {
    const filter = {
      type: "and",
      filters: [
        { type: "eq", key: "category", value: "finance" },
        { type: "or", filters: [{ type: "gte", key: "year", value: 2020 }, { type: "in", key: "region", value: ["eu", 44] }] },
        { type: "ne", key: "draft", value: true },
        { type: "nin", key: "tag", value: [] },
        { type: "lt", key: "date", value: "2024-06-01" },
        { type: "or", filters: [] },
      ],
    };
    expect(parseOrThrow(filterSchema, filter)).toEqual(filter);
  });

  it.each([
    ["an unknown comparison", { type: "like", key: "a", value: "x" }, "type", /got "like": one of eq, ne, gt, gte, lt, lte, in, nin, and, or/],
    ["no type", { key: "a", value: "x" }, "type", /is required/],
    ["a list for eq", { type: "eq", key: "a", value: ["x"] }, "value", /string, number or boolean/],
    ["a boolean for gt", { type: "gt", key: "a", value: true }, "value", /number or a string to compare in order/],
    ["a scalar for in", { type: "in", key: "a", value: "x" }, "value", /array of strings and numbers/],
    ["a boolean inside in", { type: "nin", key: "a", value: ["x", false] }, "value[1]", /string or a number/],
    ["no key", { type: "eq", value: 1 }, "key", /required/],
    ["an empty key", { type: "eq", key: "", value: 1 }, "key", /must not be empty/],
    ["a key of 65 characters", { type: "eq", key: "k".repeat(65), value: 1 }, "key", /at most 64 characters/],
    ["an unknown field", { type: "eq", key: "a", value: 1, extra: 1 }, "extra", /Unrecognized request argument/],
    ["filters that are not an array", { type: "and", filters: { type: "eq" } }, "filters", /array of filters/],
    ["a bad filter deep inside", { type: "or", filters: [{ type: "and", filters: [{ type: "eq", key: "a", value: null }] }] }, "filters[0].filters[0].value", /string, number or boolean/],
  ])("rejects %s at param %s", (_case, input, param, message) => {
    const error = rejection(filterSchema, input);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });

  it("refuses filters nested more than 10 levels or with more than 200 comparisons", () => {
    let deep: unknown = { type: "eq", key: "a", value: 1 };
    for (let i = 0; i < 10; i++) deep = { type: "and", filters: [deep] };
    expect(rejection(filterSchema, deep).message).toMatch(/nested at most 10 levels/);
    let veryDeep: unknown = { type: "eq", key: "a", value: 1 };
    for (let i = 0; i < 100_000; i++) veryDeep = { type: "and", filters: [veryDeep] };
    expect(rejection(filterSchema, veryDeep).message).toMatch(/nested at most 10 levels/);
    const wide = { type: "or", filters: Array.from({ length: 201 }, (_, i) => ({ type: "eq", key: "a", value: i })) };
    expect(rejection(filterSchema, wide).message).toMatch(/at most 200 comparisons, got 201/);
  });
});

describe("matchesFilter", () => {
  const attrs: Attributes = { category: "finance", year: 2021, draft: false, title: "Ärger", big: 1e21 };
  it.each<[string, Filter, boolean]>([
    ["eq string", eq("category", "finance"), true],
    ["eq is case-sensitive", eq("category", "Finance"), false],
    ["eq does not convert types", eq("year", "2021"), false],
    ["eq number", eq("year", 2021.0), true],
    ["eq boolean", eq("draft", false), true],
    ["eq on a missing key", eq("nope", "x"), false],
    ["ne on a missing key matches", { type: "ne", key: "nope", value: "x" }, true],
    ["ne of another type matches", { type: "ne", key: "year", value: "2021" }, true],
    ["gt number", { type: "gt", key: "year", value: 2020 }, true],
    ["gte equal number", { type: "gte", key: "year", value: 2021 }, true],
    ["lt number", { type: "lt", key: "year", value: 2021 }, false],
    ["gt number against a string attribute", { type: "gt", key: "category", value: 1 }, false],
    ["lt string in code point order", { type: "lt", key: "category", value: "g" }, true],
    ["uppercase sorts before lowercase", { type: "gt", key: "title", value: "a" }, true],
    ["gt on a missing key", { type: "gt", key: "nope", value: 0 }, false],
    ["in", { type: "in", key: "year", value: ["2021", 2021] }, true],
    ["in empty", { type: "in", key: "year", value: [] }, false],
    ["nin", { type: "nin", key: "category", value: ["finance"] }, false],
    ["nin on a missing key", { type: "nin", key: "nope", value: ["x"] }, true],
    ["and empty", { type: "and", filters: [] }, true],
    ["or empty", { type: "or", filters: [] }, false],
    ["nested", { type: "or", filters: [eq("category", "legal"), { type: "and", filters: [eq("draft", false), { type: "lte", key: "big", value: 1e21 }] }] }, true],
  ])("%s", (_case, filter, expected) => {
    expect(matchesFilter(filter, attrs)).toBe(expected);
  });

  it("treats a file without attributes as having none of the keys", () => {
    expect(matchesFilter(eq("a", 1), null)).toBe(false);
    expect(matchesFilter({ type: "ne", key: "a", value: 1 }, null)).toBe(true);
    expect(matchesFilter({ type: "eq", key: "toString", value: "x" }, {})).toBe(false);
  });
});

describe("compileFilter", () => {
  it("puts every key and value in parameters, numbered from the given one", () => {
    const hostile = `x'); DROP TABLE files; --`;
    const { sql, params } = compileFilter({ type: "and", filters: [eq(hostile, hostile), { type: "gt", key: hostile, value: hostile }] }, "f.attributes", 3);
    expect(sql).not.toContain("DROP");
    expect(sql).toContain("$3::jsonb");
    expect(sql).toContain("$5::text");
    expect(params).toEqual([JSON.stringify({ [hostile]: hostile }), hostile, hostile]);
    expect(() => compileFilter(eq("a", 1), "attributes; DROP TABLE x")).toThrow(/not a column reference/);
  });
});

// The same answers from Postgres as from matchesFilter, for random filters over random rows.
describe("compileFilter on Postgres", () => {
  let db: SqlRunner;
  beforeAll(async () => {
    db = await openSqlRunner();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const keys = fc.constantFrom("a", "b", "c");
  const strings = fc.constantFrom("", "x", "X", "y", "10", "9", "é", "e\u0301", "😀", "\uE000", "a b", "it's");
  const numbers = fc.constantFrom(0, 1, 1.5, -2, 9, 10, 1e21, 0.1, 123456.789);
  const scalars = fc.oneof(strings, numbers, fc.boolean());
  const attributes: fc.Arbitrary<Attributes | null> = fc.option(fc.dictionary(keys, scalars, { maxKeys: 3 }), { freq: 8 });
  const comparison: fc.Arbitrary<Filter> = fc.oneof(
    fc.record({ type: fc.constantFrom("eq" as const, "ne" as const), key: keys, value: scalars }),
    fc.record({ type: fc.constantFrom("gt" as const, "gte" as const, "lt" as const, "lte" as const), key: keys, value: fc.oneof(strings, numbers) }),
    fc.record({ type: fc.constantFrom("in" as const, "nin" as const), key: keys, value: fc.array(fc.oneof(strings, numbers), { maxLength: 4 }) }),
  );
  const filter = fc.letrec<{ node: Filter }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      comparison,
      fc.record({ type: fc.constantFrom("and" as const, "or" as const), filters: fc.array(tie("node"), { maxLength: 3 }) }),
    ),
  })).node;

  const sqlMatches = async (f: Filter, attributes: Attributes) => {
    const { sql, params } = compileFilter(f, "t.attributes", 2);
    return (await db.query(`SELECT 1 FROM (SELECT $1::jsonb AS attributes) AS t WHERE ${sql}`, [JSON.stringify(attributes), ...params])).length === 1;
  };

  it("orders strings by code point, past U+FFFF too, as COLLATE \"C\" does", async () => {
    // UTF-16 order would put 😀 (U+1F600, a surrogate pair from 0xD83D) before U+E000.
    const f: Filter = { type: "gt", key: "s", value: "\uE000" };
    expect(matchesFilter(f, { s: "😀" })).toBe(true);
    expect(await sqlMatches(f, { s: "😀" })).toBe(true);
    expect(await sqlMatches({ type: "lt", key: "s", value: "a" }, { s: "B" })).toBe(true);
  });

  it("compares numbers as numbers, not as text", async () => {
    expect(await sqlMatches({ type: "gt", key: "n", value: 9 }, { n: 10 })).toBe(true);
    expect(await sqlMatches({ type: "eq", key: "n", value: 1 }, { n: 1.0 })).toBe(true);
    expect(await sqlMatches({ type: "in", key: "n", value: [2, 1e21] }, { n: 1e21 })).toBe(true);
  });

  it("agrees with matchesFilter", async () => {
    await fc.assert(
      fc.asyncProperty(filter, fc.array(attributes, { minLength: 1, maxLength: 12 }), async (f, rows) => {
        const { sql, params } = compileFilter(f, "t.attributes", 2);
        // Rows without attributes are SQL NULL, as in a nullable column.
        const matched = await db.query<{ i: string }>(
          `SELECT i FROM (SELECT nullif(e, 'null'::jsonb) AS attributes, i FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, i)) AS t WHERE ${sql} ORDER BY i`,
          [JSON.stringify(rows), ...params],
        );
        const expected = rows.flatMap((row, index) => (matchesFilter(f, row) ? [index + 1] : []));
        expect(matched.map((row) => Number(row.i))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
