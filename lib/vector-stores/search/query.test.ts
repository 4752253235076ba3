import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keywordRelevance } from "@/lib/vector-stores/search/fusion";
import {
  anyTerm,
  compileTsQuery,
  coverageTiers,
  MAX_TIER_TERMS,
  distinctTerms,
  queryWords,
  searchQueries,
  TEXT_SEARCH_CONFIG,
  type TsQueryMode,
  wordTermsSql,
} from "@/lib/vector-stores/search/query";
import { openSqlRunner, type SqlRunner } from "@/lib/vector-stores/search/sql-test-support";

describe("searchQueries", () => {
  it("trims, drops blanks and repeats, keeps order", () => {
    expect(searchQueries("  return policy ")).toEqual(["return policy"]);
    expect(searchQueries(["b", " a", "", "  ", "b", "a "])).toEqual(["b", "a"]);
  });
});

describe("compileTsQuery", () => {
  it("ORs each word's plainto_tsquery, words as parameters numbered from the given one", () => {
    expect(compileTsQuery(["Return policy?", "RETURN shoes"], { firstParam: 4 })).toEqual({
      sql: "(plainto_tsquery('english', $4::text) || plainto_tsquery('english', $5::text) || plainto_tsquery('english', $6::text))",
      params: ["return", "policy?", "shoes"],
    });
    expect(compileTsQuery(["one"])).toEqual({ sql: "plainto_tsquery('english', $1::text)", params: ["one"] });
  });

  it("in websearch mode, ORs each whole query's websearch_to_tsquery", () => {
    expect(compileTsQuery(['"return policy" -shoes', "refund"], { mode: "websearch" })).toEqual({
      sql: "(websearch_to_tsquery('english', $1::text) || websearch_to_tsquery('english', $2::text))",
      params: ['"return policy" -shoes', "refund"],
    });
  });

  it("is null when no query has a letter or digit", () => {
    expect(compileTsQuery([])).toBeNull();
    expect(compileTsQuery(["?!", " -- "])).toBeNull();
    expect(compileTsQuery(["***"], { mode: "websearch" })).toBeNull();
  });

  it("takes at most 64 distinct words", () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(" ");
    expect(compileTsQuery([many])!.params).toHaveLength(64);
  });

  it("refuses a configuration name that is not a plain identifier", () => {
    expect(() => compileTsQuery(["x"], { config: "english'); --" })).toThrow(/configuration/);
  });
});

describe("coverageTiers", () => {
  it("goes from every term down to any, each tier an OR of k-term ANDs", () => {
    expect(coverageTiers(["'a'", "'b'", "'c'"])).toEqual([
      { atLeast: 3, tsquery: "( 'a' ) & ( 'b' ) & ( 'c' )" },
      { atLeast: 2, tsquery: "( ( 'a' ) & ( 'b' ) ) | ( ( 'a' ) & ( 'c' ) ) | ( ( 'b' ) & ( 'c' ) )" },
      { atLeast: 1, tsquery: "( ( 'a' ) ) | ( ( 'b' ) ) | ( ( 'c' ) )" },
    ]);
    expect(coverageTiers(["'a'"])).toEqual([{ atLeast: 1, tsquery: "( 'a' )" }]);
    expect(coverageTiers([])).toEqual([]);
  });

  it("leaves out the middle tiers that would name more than MAX_TIER_TERMS terms, never all or any", () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `'t${i}'`);
    expect(coverageTiers(terms(6)).map((tier) => tier.atLeast)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(coverageTiers(terms(7)).map((tier) => tier.atLeast)).toEqual([7, 6, 2, 1]);
    expect(coverageTiers(terms(64)).map((tier) => tier.atLeast)).toEqual([64, 1]);
    for (const n of [5, 8, 12]) {
      for (const tier of coverageTiers(terms(n)).slice(1, -1)) expect(tier.tsquery.match(/'t\d+'/g)!.length).toBeLessThanOrEqual(MAX_TIER_TERMS);
    }
  });

  it("ORs the terms for ranking", () => {
    expect(anyTerm(["'a'", "'b' & 'c'"])).toBe("( 'a' ) | ( 'b' & 'c' )");
  });
});

describe("compileTsQuery on Postgres", () => {
  let db: SqlRunner;
  beforeAll(async () => {
    db = await openSqlRunner();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const DOCS = [
    "Our return policy: items may be returned within thirty days.",
    "Shoes are on sale this week.",
    "Shipping takes five days.",
    "Return the shoes in their box; the policy covers shoes too.",
  ];

  /** Matching document numbers (1-based), best first, with their ts_rank_cd. */
  async function search(queries: string[], mode: TsQueryMode = "any"): Promise<{ i: number; rank: number }[]> {
    const q = compileTsQuery(queries, { mode, firstParam: 2 });
    if (!q) return [];
    const rows = await db.query<{ i: string; rank: number }>(
      `SELECT i, ts_rank_cd(to_tsvector('${TEXT_SEARCH_CONFIG}', d), q) AS rank
         FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS t(d, i), (SELECT ${q.sql} AS q) AS s
        WHERE to_tsvector('${TEXT_SEARCH_CONFIG}', d) @@ q
        ORDER BY rank DESC, i`,
      [JSON.stringify(DOCS), ...q.params],
    );
    return rows.map((row) => ({ i: Number(row.i), rank: Number(row.rank) }));
  }

  it("finds chunks with any of a question's words, those with more of them first", async () => {
    const found = await search(["What is the return policy for shoes?"]);
    expect(found.map((hit) => hit.i)).toEqual([4, 1, 2]);
  });

  it("in websearch mode needs every word, honours phrases and exclusions, and ORs queries", async () => {
    expect(await search(["What is the return policy for shoes?"], "websearch")).toEqual([expect.objectContaining({ i: 4 })]);
    expect((await search(['"return policy" -shoes'], "websearch")).map((hit) => hit.i)).toEqual([1]);
    expect((await search(["shipping", "sale"], "websearch")).map((hit) => hit.i).sort()).toEqual([2, 3]);
  });

  it("takes any characters without a syntax error", async () => {
    for (const mode of ["any", "websearch"] as const) {
      await expect(search([`it's & | ! ( ) : * <-> \\ ' " -- ;`, "return:* & !shoes"], mode)).resolves.toBeDefined();
    }
  });

  it("matches nothing, without an error, for a query of stop words", async () => {
    expect(await search(["the of and"])).toEqual([]);
    const q = compileTsQuery(["the of", "and"], { mode: "websearch" })!;
    const [row] = await db.query<{ n: number }>(`SELECT numnode(${q.sql}) AS n`, q.params);
    expect(Number(row!.n)).toBe(0);
  });

  async function terms(queries: string[]): Promise<string[]> {
    return distinctTerms((await db.query<{ w: string; t: string }>(wordTermsSql(), [queryWords(queries)])).map((row) => row.t));
  }

  it("wordTermsSql and distinctTerms give each word's stemmed term once, without stop words, whatever the characters", async () => {
    expect(await terms(["What is the return policy for shoes?", "Returns", "POLICIES"])).toEqual(["'polici'", "'return'", "'shoe'"]);
    expect(await terms(["the of and", "?!"])).toEqual([]);
    expect(await terms(["e-mail"])).toEqual(["'e-mail' & 'e' & 'mail'"]);
    const odd = await terms([`it's & | ! ( ) : * <-> \\ ' " -- ; o'brien back\\slash`, "return:* & !shoes"]);
    expect(odd.length).toBeGreaterThan(2);
    // Postgres's own output, combined into tiers, parses back as tsqueries.
    for (const tsquery of [anyTerm(odd), ...coverageTiers(odd).map((tier) => tier.tsquery)]) {
      const [row] = await db.query<{ n: number }>("SELECT numnode($1::tsquery) AS n", [tsquery]);
      expect(Number(row!.n)).toBeGreaterThan(0);
    }
  });

  it("each tier matches exactly the documents holding at least its number of terms", async () => {
    const docs = [...DOCS, "Policy on returns of sale items: shipping is refunded.", "Shoes, shipping, sale, policy and returns."];
    for (const question of ["return policy for shoes on sale", "shipping shoes", "returns within thirty days shipping policy sale week box"]) {
      const found = await terms([question]);
      const held = await db.query<{ i: string; n: string }>(
        `SELECT i, (SELECT count(*) FROM unnest($2::tsquery[]) AS t WHERE to_tsvector('${TEXT_SEARCH_CONFIG}', d) @@ t) AS n
           FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS d(d, i) ORDER BY i`,
        [JSON.stringify(docs), found],
      );
      for (const tier of coverageTiers(found)) {
        const rows = await db.query<{ i: string }>(
          `SELECT i FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS d(d, i) WHERE to_tsvector('${TEXT_SEARCH_CONFIG}', d) @@ $2::tsquery ORDER BY i`,
          [JSON.stringify(docs), tier.tsquery],
        );
        const expected = held.filter((row) => Number(row.n) >= tier.atLeast).map((row) => row.i);
        expect(rows.map((row) => row.i), `${question}: at least ${tier.atLeast}`).toEqual(expected);
      }
      const any = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM jsonb_array_elements_text($1::jsonb) AS d(d) WHERE to_tsvector('${TEXT_SEARCH_CONFIG}', d) @@ $2::tsquery`,
        [JSON.stringify(docs), anyTerm(found)],
      );
      expect(Number(any[0]!.n)).toBe(held.filter((row) => Number(row.n) >= 1).length);
    }
  });

  it("ranks one occurrence of one term at about 0.1, which keywordRelevance maps to one half", async () => {
    const [hit] = await search(["shipping"]);
    expect(hit!.rank).toBeCloseTo(0.1, 5);
    expect(keywordRelevance(hit!.rank)).toBeCloseTo(0.5, 5);
  });
});
