import "server-only";
import { getPool } from "@/lib/db";
import { log } from "@/lib/log";
import { embedTexts, SEARCH_EMBED_TIMEOUT_MS, semanticEnabled, toVectorLiteral } from "@/lib/ingest/embed";
import type { Attributes } from "@/lib/vector-stores/attributes";
import { compileFilter } from "@/lib/vector-stores/search/filters";
import { fuseRankings, keywordRelevance, selectResults, semanticRelevance, type RankedHit } from "@/lib/vector-stores/search/fusion";
import { compileTsQuery, searchQueries } from "@/lib/vector-stores/search/query";
import type { SearchRequest } from "@/lib/vector-stores/search/schema";
import { getStore, touchStores } from "@/lib/vector-stores/service";

// Search over vector stores' chunks, for POST /vector_stores/{id}/search and the run engine's
// file_search tool: a keyword ranking (Postgres full-text search over chunks.tsv, ts_rank_cd)
// always, a semantic one (cosine distance over pgvector embeddings) when an embedding model is
// configured and the chunks have embeddings, each cut to its top CANDIDATES, fused
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

type Ranked = { id: string; raw: number };

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

async function keywordRanking(workspaceId: string, storeIds: string[], queries: string[], filters: SearchRequest["filters"]): Promise<Ranked[]> {
  const tsquery = compileTsQuery(queries);
  if (!tsquery) return [];
  const where = scope(workspaceId, storeIds, filters, tsquery.params.length + 1);
  const { rows } = await getPool().query<{ id: string; raw: number }>(
    `WITH q AS (SELECT ${tsquery.sql} AS q)
     SELECT c.id::text AS id, ts_rank_cd(c.tsv, q.q) AS raw
     FROM q, chunks c JOIN vector_store_files vsf ON vsf.vector_store_id = c.vector_store_id AND vsf.file_id = c.file_id
     WHERE c.tsv @@ q.q AND ${where.sql}
     ORDER BY raw DESC, c.id LIMIT ${CANDIDATES}`,
    [...tsquery.params, ...where.params],
  );
  return rows;
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
  const keyword = await keywordRanking(workspaceId, vectorStoreIds, searchQuery, request.filters);
  let semantic: Ranked[] | null = null;
  if (enabled) {
    // A provider down must not take keyword search with it.
    semantic = await semanticRanking(workspaceId, vectorStoreIds, searchQuery, request.filters).catch((error: Error) => {
      log.warn("semantic ranking failed; keyword ranking only", { error: error.message });
      return null;
    });
  }
  const rankings: RankedHit[][] = [keyword.map((hit) => ({ id: hit.id, relevance: keywordRelevance(Number(hit.raw)) }))];
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
