import { unixSeconds } from "@/lib/wire";
import type { Attributes } from "@/lib/vector-stores/attributes";
import { resolveChunkingStrategy, type ChunkingStrategyParam, type StaticChunkingStrategy } from "@/lib/vector-stores/chunking";
import type { ExpiresAfter, StoreFileStatus } from "@/lib/vector-stores/schema";
import type { SearchOutcome } from "@/lib/vector-stores/search/service";

// DB rows → the API's vector store objects (OpenAI's VectorStoreObject, VectorStoreFileObject,
// VectorStoreFileBatchObject, VectorStoreSearchResultsPage), snake_case exactly as the contract.
// Statuses of stores and batches are derived here from their files' counts, never stored twice.

export type FileCounts = { in_progress: number; completed: number; failed: number; cancelled: number; total: number };

export type StoreRow = {
  id: string;
  name: string | null;
  usageBytes: bigint | number;
  expiresAfter: ExpiresAfter | null;
  expiresAt: Date | null;
  lastActiveAt: Date | null;
  metadata: Record<string, string> | null;
  createdAt: Date;
  counts: Partial<Record<StoreFileStatus, number>> | null;
};

export type StoreFileRow = {
  fileId: string;
  vectorStoreId: string;
  status: StoreFileStatus;
  lastError: { code: string; message: string } | null;
  usageBytes: bigint | number;
  chunkingStrategy: ChunkingStrategyParam | StaticChunkingStrategy | null;
  attributes: Attributes | null;
  createdAt: Date;
};

/** A store file as the console lists it (lib/vector-stores/files.ts `listStoreFileDetails`). */
export type StoreFileDetailRow = StoreFileRow & { chunkCount: number; filename: string | null };

export type BatchRow = { id: string; vectorStoreId: string; status: string; createdAt: Date; counts: Partial<Record<StoreFileStatus, number>> | null };

export function toFileCounts(counts: Partial<Record<StoreFileStatus, number>> | null): FileCounts {
  const c = { in_progress: 0, completed: 0, failed: 0, cancelled: 0, ...counts };
  const n = (v: unknown) => Number(v ?? 0);
  const out = { in_progress: n(c.in_progress), completed: n(c.completed), failed: n(c.failed), cancelled: n(c.cancelled) };
  return { ...out, total: out.in_progress + out.completed + out.failed + out.cancelled };
}

export function storeStatus(row: Pick<StoreRow, "expiresAt">, counts: FileCounts, now = new Date()): "expired" | "in_progress" | "completed" {
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return counts.in_progress > 0 ? "in_progress" : "completed";
}

export function toVectorStoreObject(row: StoreRow) {
  const file_counts = toFileCounts(row.counts);
  return {
    id: row.id,
    object: "vector_store" as const,
    created_at: unixSeconds(row.createdAt),
    name: row.name ?? "",
    usage_bytes: Number(row.usageBytes),
    file_counts,
    status: storeStatus(row, file_counts),
    ...(row.expiresAfter && { expires_after: row.expiresAfter }),
    expires_at: row.expiresAt ? unixSeconds(row.expiresAt) : null,
    last_active_at: row.lastActiveAt ? unixSeconds(row.lastActiveAt) : null,
    metadata: row.metadata ?? {},
  };
}

export function toVectorStoreFileObject(row: StoreFileRow) {
  return {
    id: row.fileId,
    object: "vector_store.file" as const,
    usage_bytes: Number(row.usageBytes),
    created_at: unixSeconds(row.createdAt),
    vector_store_id: row.vectorStoreId,
    status: row.status,
    last_error: row.lastError ?? null,
    chunking_strategy: resolveChunkingStrategy(row.chunkingStrategy as ChunkingStrategyParam | null),
    attributes: row.attributes ?? null,
  };
}

export type VectorStoreObject = ReturnType<typeof toVectorStoreObject>;
export type VectorStoreFileObject = ReturnType<typeof toVectorStoreFileObject>;

/** The console's store file: the API's object, plus the file's name and its chunk count. */
export function toConsoleStoreFile(row: StoreFileDetailRow) {
  return { ...toVectorStoreFileObject(row), filename: row.filename ?? "", chunk_count: Number(row.chunkCount) };
}
export type ConsoleStoreFile = ReturnType<typeof toConsoleStoreFile>;

export function toBatchObject(row: BatchRow) {
  const file_counts = toFileCounts(row.counts);
  // A cancelled batch stays cancelled; otherwise it is done when none of its files is.
  const status = row.status === "cancelled" || row.status === "failed" ? row.status : file_counts.in_progress > 0 ? "in_progress" : "completed";
  return {
    id: row.id,
    object: "vector_store.files_batch" as const,
    created_at: unixSeconds(row.createdAt),
    vector_store_id: row.vectorStoreId,
    status,
    file_counts,
  };
}

export const toStoreDeletedObject = (id: string) => ({ id, object: "vector_store.deleted" as const, deleted: true as const });
export const toStoreFileDeletedObject = (id: string) => ({ id, object: "vector_store.file.deleted" as const, deleted: true as const });

export type SearchResultHit = { fileId: string; filename: string; score: number; text: string; attributes: Attributes | null };

export function toSearchResultsPage(searchQuery: string[], hits: SearchResultHit[]) {
  return {
    object: "vector_store.search_results.page" as const,
    search_query: searchQuery,
    data: hits.map((hit) => ({
      file_id: hit.fileId,
      filename: hit.filename,
      score: hit.score,
      attributes: hit.attributes ?? {},
      content: [{ type: "text" as const, text: hit.text }],
    })),
    has_more: false,
    next_page: null,
  };
}

/**
 * The console's search tester: each hit with its fused score and the two relevances it was fused
 * from (null: not in that ranking), and whether the semantic ranking ran at all. Not an API object:
 * the REST search answers `toSearchResultsPage`, which has no place for the parts.
 */
export function toSearchTesterResults(outcome: SearchOutcome) {
  return {
    search_query: outcome.searchQuery,
    semantic_ranking: outcome.semantic,
    data: outcome.hits.map((hit) => ({
      file_id: hit.fileId,
      filename: hit.filename,
      chunk_id: hit.chunkId,
      score: hit.score,
      keyword_score: hit.parts.keyword,
      semantic_score: hit.parts.semantic,
      text: hit.text,
      attributes: hit.attributes ?? {},
    })),
  };
}
export type SearchTesterResults = ReturnType<typeof toSearchTesterResults>;
