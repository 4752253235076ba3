// bench:files' retrieval quality: the committed set (retrieval-set.json) matched against this
// clone's corpus, then each query searched and the answer file's place among the results' files.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type OpenAI from "openai";
import type { CorpusFile } from "./files-corpus";
import { fileRank, meanReciprocalRank, recallAt } from "./retrieval-metrics";
import type { RetrievalEntry } from "./retrieval-set";

const SET_FILE = path.join(import.meta.dirname, "retrieval-set.json");
/** Results asked per query: MRR sees the answer down to this many chunks. */
export const RESULTS_PER_QUERY = 20;

export type UsableSet = { entries: RetrievalEntry[]; total: number; absent: number; changed: number };

/** The entries whose file this corpus has with the content the set was made from. */
export async function loadRetrievalSet(corpus: readonly CorpusFile[]): Promise<UsableSet> {
  const { entries } = JSON.parse(await readFile(SET_FILE, "utf8")) as { entries: RetrievalEntry[] };
  const byPath = new Map(corpus.map((file) => [file.relPath, file]));
  let absent = 0;
  let changed = 0;
  const usable = entries.filter((entry) => {
    const file = byPath.get(entry.file);
    if (!file) absent++;
    else if (file.sha256 !== entry.sha256) changed++;
    return file?.sha256 === entry.sha256;
  });
  return { entries: usable, total: entries.length, absent, changed };
}

export type Quality = { recall5: number; mrr: number; byKind: Record<string, { n: number; recall5: number }> };

/** Searches every entry (one at a time) and scores where its file comes. `fileIdOf` maps a corpus path to its uploaded id. */
export async function measureQuality(client: OpenAI, storeId: string, entries: readonly RetrievalEntry[], fileIdOf: (relPath: string) => string | undefined): Promise<Quality> {
  const ranks: { kind: string; rank: number | null }[] = [];
  for (const entry of entries) {
    const page = await client.vectorStores.search(storeId, { query: entry.query, max_num_results: RESULTS_PER_QUERY });
    ranks.push({ kind: entry.kind, rank: fileRank(page.data.map((hit) => hit.file_id), fileIdOf(entry.file) ?? "") });
  }
  const byKind: Quality["byKind"] = {};
  for (const kind of new Set(ranks.map((r) => r.kind))) {
    const of = ranks.filter((r) => r.kind === kind).map((r) => r.rank);
    byKind[kind] = { n: of.length, recall5: recallAt(of, 5) };
  }
  const all = ranks.map((r) => r.rank);
  return { recall5: recallAt(all, 5), mrr: meanReciprocalRank(all), byKind };
}

export const describeKinds = (quality: Quality) =>
  Object.entries(quality.byKind)
    .map(([kind, { n, recall5 }]) => `${kind} ${recall5.toFixed(2)} (${n})`)
    .join(", ");
