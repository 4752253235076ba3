import "server-only";
import { getPool } from "@/lib/db";
import { log } from "@/lib/log";
import { embedTexts, SEARCH_EMBED_TIMEOUT_MS, semanticEnabled, toVectorLiteral } from "@/lib/ingest/embed";
import type { Attributes } from "@/lib/vector-stores/attributes";
import { compileFilter } from "@/lib/vector-stores/search/filters";
import { fuseRankings, keywordRelevance, selectResults, semanticRelevance, type RankedHit } from "@/lib/vector-stores/search/fusion";
import { anyTerm, coverageTiers, distinctTerms, queryWords, searchQueries, wordTermsSql } from "@/lib/vector-stores/search/query";
import type { SearchRequest } from "@/lib/vector-stores/search/schema";
import { getStore, touchStores } from "@/lib/vector-stores/service";

// Search over vector stores' chunks, for POST /vector_stores/{id}/search and the run engine's
// file_search tool: a keyword ranking (Postgres full-text search over chunks.tsv: the terms a chunk
// holds, then ts_rank_cd, over candidates read by coverage tier, see query.ts) always, a semantic
// one (cosine distance over pgvector embeddings) when an embedding model is configured and the
// chunks have embeddings, each cut to its top CANDIDATES, fused
// (lib/vector-stores/search/fusion.ts), then the selected chunks' text, file name and attributes
// read. Only `completed` files of stores of the given workspace are searched; filters apply to
// the store file's attributes inside each ranking's query, before its cut.

export type SearchHit = {
  vectorStoreId: string;
  fileId: string;
  filename: string;
  chunkId: string;
  score: number;
  text: string;
  attributes: Attributes | null;
  start: number;
  end: number;
  parts: { keyword: number | null; semantic: number | null };
};

/**
 * Whether the semantic ranking took part: `off` with no embedding model (or nowhere to keep
 * vectors), `failed` when the provider failed or timed out and keyword ranking alone answered.
 * The console's search tester shows it beside each hit's parts; the REST answer has no field for it.
 */
export type SemanticRanking = "on" | "off" | "failed";

export type SearchOutcome = { searchQuery: string[]; hits: SearchHit[]; semantic: SemanticRanking };

/** Per ranking: enough for max_num_results 50 after fusion reorders them. */
const CANDIDATES = 100;
/**
 * Chunks the keyword ranking reads at most, tier by tier (query.ts `coverageTiers`), before ranking
 * them: what bounds a search's cost however common its words. Only the last tier reached is cut,
 * in the order the index gives (not by rank), and its chunks hold fewer terms than all above it.
 */
const KEYWORD_READ = 300;

type Ranked = { id: string; raw: number };

/**
 * Each word's term as Postgres stems it ('' for a stop word), kept by the process: questions reuse
 * their words, and a round trip saved is one less wait on a busy database. Emptied when full; words
 * longer than KEPT_WORD_CHARS are asked each time, so it stays within a few MB whatever is searched.
 */
const termOfWord = new Map<string, string>();
const TERMS_KEPT = 20_000;
const KEPT_WORD_CHARS = 40;

async function termsOf(words: string[]): Promise<string[]> {
  const missing = words.filter((word) => !termOfWord.has(word));
  const found = new Map<string, string>();
  if (missing.length > 0) {
    const { rows } = await getPool().query<{ w: string; t: string }>(wordTermsSql(), [missing]);
    if (termOfWord.size + rows.length > TERMS_KEPT) termOfWord.clear();
    for (const row of rows) found.set(row.w, row.t);
    for (const [word, term] of found) if (word.length <= KEPT_WORD_CHARS) termOfWord.set(word, term);
  }
  return distinctTerms(words.map((word) => found.get(word) ?? termOfWord.get(word) ?? ""));
}

function scope(workspaceId: string, storeIds: string[], filters: SearchRequest["filters"], firstParam: number) {
  const params: unknown[] = [storeIds, workspaceId];
  let sql = `c.vector_store_id = ANY($${firstParam}::text[]) AND vsf.vector_store_id = c.vector_store_id AND vsf.file_id = c.file_id
    AND vsf.workspace_id = $${firstParam + 1} AND vsf.status = 'completed'`;
  if (filters) {
    const condition = compileFilter(filters, "vsf.attributes", firstParam + 2);
    sql += ` AND ${condition.sql}`;
    params.push(...condition.params);
  }
  return { sql, params };
}

async function keywordRanking(workspaceId: string, storeIds: string[], queries: string[], filters: SearchRequest["filters"]): Promise<RankedHit[]> {
  const words = queryWords(queries);
  if (words.length === 0) return [];
  const terms = await termsOf(words);
  const tiers = coverageTiers(terms);
  if (tiers.length === 0) return [];
  // $1 the terms, $2 any of them, $3… the tiers, then the scope's parameters (shared by every tier).
  const where = scope(workspaceId, storeIds, filters, 3 + tiers.length);
  const branches = tiers.map((_, i) => {
    const above = i === 0 ? "" : ` AND NOT c.tsv @@ $${2 + i}::tsquery`;
    return `(SELECT c.id, c.tsv FROM chunks c JOIN vector_store_files vsf ON vsf.vector_store_id = c.vector_store_id AND vsf.file_id = c.file_id
      WHERE c.tsv @@ $${3 + i}::tsquery${above} AND ${where.sql})`;
  });
  const { rows } = await getPool().query<{ id: string; raw: number; matched: number }>(
    `WITH candidates AS MATERIALIZED (${branches.join(" UNION ALL ")} LIMIT ${KEYWORD_READ})
     SELECT id::text AS id, ts_rank_cd(tsv, $2::tsquery) AS raw, (SELECT count(*) FROM unnest($1::tsquery[]) AS t WHERE tsv @@ t)::int AS matched
     FROM candidates ORDER BY matched DESC, raw DESC, id LIMIT ${CANDIDATES}`,
    [terms, anyTerm(terms), ...tiers.map((tier) => tier.tsquery), ...where.params],
  );
  return rows.map((row) => ({ id: row.id, relevance: keywordRelevance(Number(row.raw), row.matched, terms.length) }));
}

async function semanticRanking(workspaceId: string, storeIds: string[], queries: string[], filters: SearchRequest["filters"]): Promise<Ranked[]> {
  const [vector] = await embedTexts([queries.join("\n")], undefined, SEARCH_EMBED_TIMEOUT_MS);
  if (!vector?.length) return [];
  const where = scope(workspaceId, storeIds, filters, 3);
  const { rows } = await getPool().query<{ id: string; raw: number }>(
    `SELECT c.id::text AS id, c.embedding <=> $1::vector AS raw
     FROM chunks c JOIN vector_store_files vsf ON vsf.vector_store_id = c.vector_store_id AND vsf.file_id = c.file_id
     WHERE c.embedding IS NOT NULL AND vector_dims(c.embedding) = $2 AND ${where.sql}
     ORDER BY raw, c.id LIMIT ${CANDIDATES}`,
    [toVectorLiteral(vector), vector.length, ...where.params],
  );
  return rows;
}

export async function searchStores(workspaceId: string, vectorStoreIds: string[], request: SearchRequest): Promise<SearchOutcome> {
  const searchQuery = searchQueries(request.query);
  const enabled = await semanticEnabled();
  if (vectorStoreIds.length === 0 || searchQuery.length === 0) return { searchQuery, hits: [], semantic: enabled ? "on" : "off" };
  // Side by side: the query's embedding is a request to the provider.
  const [keyword, semantic] = await Promise.all([
    keywordRanking(workspaceId, vectorStoreIds, searchQuery, request.filters),
    enabled
      ? // A provider down must not take keyword search with it.
        semanticRanking(workspaceId, vectorStoreIds, searchQuery, request.filters).catch((error: Error) => {
          log.warn("semantic ranking failed; keyword ranking only", { error: error.message });
          return null;
        })
      : null,
  ]);
  const rankings: RankedHit[][] = [keyword];
  if (semantic) rankings.push(semantic.map((hit) => ({ id: hit.id, relevance: semanticRelevance(Number(hit.raw)) })));
  const ranking: SemanticRanking = !enabled ? "off" : semantic ? "on" : "failed";
  const fused = selectResults(fuseRankings(rankings), { scoreThreshold: request.ranking_options?.score_threshold, maxResults: request.max_num_results });
  if (fused.length === 0) return { searchQuery, hits: [], semantic: ranking };
  const relevance = rankings.map((ranking) => new Map(ranking.map((hit) => [hit.id, hit.relevance])));
  const { rows } = await getPool().query<Omit<SearchHit, "score" | "parts">>(
    `SELECT c.id::text AS "chunkId", c.vector_store_id AS "vectorStoreId", c.file_id AS "fileId", f.filename, c.text,
       vsf.attributes, c.start_offset AS start, c.end_offset AS "end"
     FROM chunks c JOIN files f ON f.id = c.file_id
     JOIN vector_store_files vsf ON vsf.vector_store_id = c.vector_store_id AND vsf.file_id = c.file_id
     WHERE c.id = ANY($1::bigint[])`,
    [fused.map((hit) => hit.id)],
  );
  const byId = new Map(rows.map((row) => [row.chunkId, row]));
  const hits = fused.flatMap((hit): SearchHit[] => {
    const row = byId.get(hit.id);
    if (!row) return []; // deleted between the ranking and this read
    return [{ ...row, score: hit.score, parts: { keyword: relevance[0]!.get(hit.id) ?? null, semantic: relevance[1]?.get(hit.id) ?? null } }];
  });
  return { searchQuery, hits, semantic: ranking };
}

/**
 * One store's search, for POST /vector_stores/{id}/search and the console's search tester alike:
 * another workspace's store is not found, and searching marks the store used (its expiry moves).
 */
export async function searchStore(workspaceId: string, storeId: string, request: SearchRequest): Promise<SearchOutcome> {
  await getStore(workspaceId, storeId);
  const outcome = await searchStores(workspaceId, [storeId], request);
  await touchStores(workspaceId, [storeId]);
  return outcome;
}
