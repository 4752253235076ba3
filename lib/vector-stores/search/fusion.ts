// Scores for vector store search, 0–1 as OpenAI reports them, and the fusion of the keyword
// ranking (Postgres full-text search, always) with the semantic one (embeddings, when a model is
// configured).
//
// Each ranking first gives every hit an absolute relevance in [0, 1]:
// - keyword: first how many of the query's n distinct terms the chunk holds (m), then ts_rank_cd r
//   (with the default weights about 0.1 per occurrence of a term) mapped to r / (r + 0.1), which
//   never reaches 1: (m − 1 + r / (r + 0.1)) / n. A chunk with more of the terms always ranks
//   above one with fewer, however often those few repeat ("install" ten times does not beat
//   "install", "proxy" and "timeout" once each), and a question of one term scores as before: one
//   occurrence 0.5, two 0.67, four 0.8, nine 0.9. Absolute, not relative to the best hit, so a
//   threshold means the same for every query and a weak best match is not promoted to 1; 0.5
//   keeps chunks holding about half the terms or more.
// - semantic: cosine similarity, 1 − cosine distance (pgvector's `<=>`), below 0 taken as 0.
//
// With one ranking, that relevance is the score. With several, reciprocal rank fusion (Cormack et
// al., 2009; k = 60, its usual constant) weighted by relevance: a hit at rank n of a ranking adds
// w · relevance · (k + 1) / (k + n), with weights summing to 1 (equal by default). So:
// - the score stays in [0, 1], and is 1 only for a hit first in every ranking with relevance 1;
// - a hit missing from a ranking gets nothing from it (relevance 0), as in plain RRF, so hits both
//   rankings agree on come first; with equal relevances the order is plain RRF's;
// - a query nothing matches well scores low everywhere, so `score_threshold` filters out weak
//   results, which plain RRF (rank-only, the best hit always on top) cannot tell apart.

export const RRF_K = 60;
export const KEYWORD_HALF_RANK = 0.1;

/** A chunk's keyword relevance from its ts_rank_cd and how many of the query's `terms` distinct terms it holds (`matched`). */
export function keywordRelevance(tsRankCd: number, matched = 1, terms = 1): number {
  if (!(tsRankCd > 0) || !(terms >= 1)) return 0;
  const held = Math.min(terms, Math.max(1, Math.floor(matched) || 1));
  return (held - 1 + tsRankCd / (tsRankCd + KEYWORD_HALF_RANK)) / terms;
}

export function semanticRelevance(cosineDistance: number): number {
  if (!Number.isFinite(cosineDistance)) return 0;
  return Math.min(1, Math.max(0, 1 - cosineDistance));
}

/** One ranking's hits, best first, each with its relevance (0–1). */
export type RankedHit<Id extends string | number = string> = { id: Id; relevance: number };

export type FusedHit<Id extends string | number = string> = {
  id: Id;
  /** 0–1, descending along the result. */
  score: number;
  /** The hit's 1-based rank in each input ranking, null where it is missing. */
  ranks: (number | null)[];
};

export type FusionOptions = { k?: number; weights?: readonly number[] };

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

export function fuseRankings<Id extends string | number>(rankings: readonly (readonly RankedHit<Id>[])[], options: FusionOptions = {}): FusedHit<Id>[] {
  const k = options.k ?? RRF_K;
  const weights = options.weights ?? rankings.map(() => 1 / rankings.length);
  if (weights.length !== rankings.length) throw new RangeError("fuseRankings: one weight per ranking");
  const total = weights.reduce((sum, w) => sum + w, 0);
  const fused = new Map<Id, FusedHit<Id>>();
  rankings.forEach((ranking, r) => {
    ranking.forEach((hit, index) => {
      let entry = fused.get(hit.id);
      if (!entry) {
        entry = { id: hit.id, score: 0, ranks: rankings.map(() => null) };
        fused.set(hit.id, entry);
      }
      if (entry.ranks[r] !== null) return; // a repeat in one ranking: its best rank counts
      const rank = index + 1;
      entry.ranks[r] = rank;
      // One ranking: no fusion, the relevance is the score.
      const decay = rankings.length === 1 ? 1 : (k + 1) / (k + rank);
      entry.score += (weights[r]! / total) * clamp01(hit.relevance) * decay;
    });
  });
  const bestRank = (hit: FusedHit<Id>) => Math.min(...hit.ranks.map((rank) => rank ?? Infinity));
  const byId = (a: Id, b: Id) => (a < b ? -1 : a > b ? 1 : 0);
  return [...fused.values()]
    .map((hit) => ({ ...hit, score: clamp01(hit.score) }))
    .sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || byId(a.id, b.id));
}

/** `ranking_options.score_threshold` (inclusive) and `max_num_results`, on fused hits. */
export function selectResults<T extends { score: number }>(hits: readonly T[], { scoreThreshold = 0, maxResults }: { scoreThreshold?: number; maxResults: number }): T[] {
  return hits.filter((hit) => hit.score >= scoreThreshold).slice(0, maxResults);
}
