import "server-only";

// TEMPORARY STUB (file-search branch): the vector stores helper's real searchStores replaces this
// file at merge. Only the signature is relied upon.

export type SearchStoresRequest = {
  query: string | string[];
  max_num_results?: number;
  ranking_options?: { ranker?: string; score_threshold?: number };
  filters?: unknown;
};

export type SearchHit = {
  vectorStoreId: string;
  fileId: string;
  filename: string;
  chunkId: string;
  score: number;
  text: string;
  attributes: Record<string, unknown>;
  start: number;
  end: number;
  parts: { keyword: number | null; semantic: number | null };
};

export async function searchStores(workspaceId: string, vectorStoreIds: string[], request: SearchStoresRequest): Promise<{ searchQuery: string[]; hits: SearchHit[] }> {
  void workspaceId;
  void vectorStoreIds;
  void request;
  throw new Error("not implemented");
}
