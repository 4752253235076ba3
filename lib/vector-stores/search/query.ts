// The search `query` (a string or an array of strings) as Postgres tsqueries, every query a bound
// parameter. Questions as assistants ask them ("what is the return policy for shoes?") must find
// chunks that have some of the words, those with more first: websearch_to_tsquery would AND the
// words and find nothing when one is missing from a chunk. So each whitespace-separated word of
// every query goes through plainto_tsquery, one term each, and the terms are OR-ed:
// - the search service (service.ts) asks Postgres for each word's term (wordTermsSql) and takes
//   candidates by coverage tier (coverageTiers, below);
// - compileTsQuery builds the whole OR inside one statement ("any"), or ORs each query's
//   websearch_to_tsquery ("websearch": quoted phrases, -exclusion, OR) for people who type that.
// Words that are all punctuation are dropped here; stop words ("the", "of") are dropped by Postgres,
// so a query of only those has no terms and matches nothing (an empty tsquery: `numnode(q) = 0`
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

// Coverage tiers. A question's words are OR-ed, so its common words ("install", "options") match
// much of a store: ranking every match meant ~5,000 ts_rank_cd per search over bench:files' 65,000
// README chunks. Chunks holding more of the question's distinct terms rank first (fusion.ts
// `keywordRelevance`), so candidates are taken tier by tier, each a tsquery the GIN index answers
// alone: chunks with every term, then at least n − 1 of them, …, then any, until enough are read.
// "At least k of n" is an OR of k-term ANDs, C(n, k) of them; its cost in the index grows with its
// size times the chunks having any term, so a tier naming more than MAX_TIER_TERMS terms is left
// out (n ≤ 6 keeps every tier; n = 7 keeps 7, 6, 2, 1) and its chunks come with the next tier's.

/** SQL giving each word of $1 (queryWords) with its tsquery as text, one row (`w`, `t`) each: '' for a stop word. */
export function wordTermsSql(config = TEXT_SEARCH_CONFIG): string {
  if (!/^[a-z_]+$/.test(config)) throw new Error(`wordTermsSql: not a text search configuration name: ${config}`);
  return `SELECT w, plainto_tsquery('${config}', w)::text AS t FROM unnest($1::text[]) AS w`;
}

/** The distinct non-empty terms of wordTermsSql's rows, in a fixed order. */
export function distinctTerms(terms: Iterable<string>): string[] {
  return [...new Set(terms)].filter(Boolean).sort();
}

/** The distinct words of the queries (at most QUERY_LIMITS.words), lower-cased: wordTermsSql's $1. */
export function queryWords(queries: readonly string[]): string[] {
  return words(queries);
}

export const MAX_TIER_TERMS = 64;

export type CoverageTier = { atLeast: number; tsquery: string };

function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i <= items.length - k; i++) {
    for (const rest of combinations(items.slice(i + 1), k - 1)) out.push([items[i]!, ...rest]);
  }
  return out;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

const group = (parts: readonly string[], op: "&" | "|") => parts.map((part) => `( ${part} )`).join(` ${op} `);

/** Any of the terms (tsqueries as text, from wordTermsSql): what ts_rank_cd ranks against. */
export function anyTerm(terms: readonly string[]): string {
  return group(terms, "|");
}

/**
 * The tiers over `terms` (tsqueries as text, from wordTermsSql; Postgres's own output, so they combine
 * as tsquery text safely), most terms first: all n, then each k down to 1 whose tsquery names at
 * most MAX_TIER_TERMS terms, and any (k = 1) always. Empty for no terms.
 */
export function coverageTiers(terms: readonly string[]): CoverageTier[] {
  const n = terms.length;
  const tiers: CoverageTier[] = [];
  for (let k = n; k >= 1; k--) {
    if (k !== n && k !== 1 && binomial(n, k) * k > MAX_TIER_TERMS) continue;
    const ands = combinations(terms, k).map((chosen) => group(chosen, "&"));
    tiers.push({ atLeast: k, tsquery: ands.length === 1 ? ands[0]! : group(ands, "|") });
  }
  return tiers;
}
