// The search `query` (a string or an array of strings) as a Postgres tsquery, every query a bound
// parameter. Two ways:
// - "any" (the default): each whitespace-separated word through plainto_tsquery, OR-ed. Questions
//   as assistants ask them ("what is the return policy for shoes?") then find chunks that have
//   some of the words, ranked by ts_rank_cd towards those with more; websearch_to_tsquery would
//   AND the words and find nothing when one is missing from a chunk.
// - "websearch": each query through websearch_to_tsquery (quoted phrases, -exclusion, OR), the
//   queries OR-ed; for people who type that syntax.
// Words that are all punctuation are dropped here; stop words ("the", "of") are dropped by Postgres,
// so a query of only those compiles to an empty tsquery, which matches nothing (`numnode(q) = 0`
// tells, and Postgres logs a NOTICE). The chunks' tsvector must use the same configuration.

export const TEXT_SEARCH_CONFIG = "english";

export const QUERY_LIMITS = { queries: 20, chars: 10_000, words: 64 } as const;

export type TsQueryMode = "any" | "websearch";
export type TsQuerySql = { sql: string; params: string[] };

const HAS_TERM = /[\p{L}\p{N}]/u;

/** The queries as given, trimmed, without blanks or repeats: what `search_query` echoes. */
export function searchQueries(query: string | readonly string[]): string[] {
  const all = typeof query === "string" ? [query] : query;
  return [...new Set(all.map((q) => q.trim()).filter(Boolean))];
}

function words(queries: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const query of queries) {
    for (const word of query.split(/\s+/u)) {
      if (!HAS_TERM.test(word)) continue;
      seen.add(word.toLowerCase());
      if (seen.size === QUERY_LIMITS.words) return [...seen];
    }
  }
  return [...seen];
}

/**
 * SQL for the tsquery of `queries` with `$n` parameters numbered from `firstParam`, or null when
 * no query has a letter or digit (then there is no keyword ranking to run).
 */
export function compileTsQuery(
  queries: readonly string[],
  { mode = "any", firstParam = 1, config = TEXT_SEARCH_CONFIG }: { mode?: TsQueryMode; firstParam?: number; config?: string } = {},
): TsQuerySql | null {
  if (!/^[a-z_]+$/.test(config)) throw new Error(`compileTsQuery: not a text search configuration name: ${config}`);
  const terms = mode === "any" ? words(queries) : queries.filter((q) => HAS_TERM.test(q));
  if (terms.length === 0) return null;
  const fn = mode === "any" ? "plainto_tsquery" : "websearch_to_tsquery";
  const parts = terms.map((_, i) => `${fn}('${config}', $${firstParam + i}::text)`);
  return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(" || ")})`, params: terms };
}
