// Retrieval quality of bench:files' searches (pure). A search returns chunks; the question is
// where the answer *file* comes, so ranks count distinct files in result order (several chunks of
// one file are one place). A query whose file is not in the results has no rank: it counts 0 in
// recall@k and in MRR (reciprocal rank, mean over queries).

/** 1-based rank of `expected` among the distinct files of `resultFiles` (in result order), or null. */
export function fileRank(resultFiles: readonly string[], expected: string): number | null {
  const seen = new Set<string>();
  for (const file of resultFiles) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (file === expected) return seen.size;
  }
  return null;
}

/** Share of queries whose answer is in the first k files (0 for no queries). */
export function recallAt(ranks: readonly (number | null)[], k: number): number {
  if (ranks.length === 0) return 0;
  return ranks.filter((rank) => rank !== null && rank <= k).length / ranks.length;
}

/** Mean reciprocal rank (0 for no queries; a missing answer adds 0). */
export function meanReciprocalRank(ranks: readonly (number | null)[]): number {
  if (ranks.length === 0) return 0;
  return ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / ranks.length;
}
