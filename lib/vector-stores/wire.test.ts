import { describe, expect, it } from "vitest";
import { toBatchObject, toConsoleStoreFile, toSearchResultsPage, toSearchTesterResults, toVectorStoreFileObject, toVectorStoreObject } from "@/lib/vector-stores/wire";

const at = new Date("2026-01-01T00:00:00Z");
const store = { id: "vs_1", name: null, usageBytes: 10n, expiresAfter: null, expiresAt: null, lastActiveAt: null, metadata: null, createdAt: at };

describe("vector store wire objects", () => {
  it("derives file_counts and the status from the grouped counts", () => {
    const object = toVectorStoreObject({ ...store, counts: { completed: 2, in_progress: 1 } });
    expect(object).toMatchObject({ name: "", usage_bytes: 10, status: "in_progress", metadata: {}, expires_at: null, last_active_at: null });
    expect(object.file_counts).toEqual({ in_progress: 1, completed: 2, failed: 0, cancelled: 0, total: 3 });
    expect(toVectorStoreObject({ ...store, counts: null }).status).toBe("completed");
    expect(toVectorStoreObject({ ...store, expiresAt: new Date(Date.now() - 1000), counts: null }).status).toBe("expired");
  });

  it("keeps a cancelled batch cancelled and completes one with nothing in progress", () => {
    const batch = { id: "vsfb_1", vectorStoreId: "vs_1", createdAt: at };
    expect(toBatchObject({ ...batch, status: "cancelled", counts: { cancelled: 1 } }).status).toBe("cancelled");
    expect(toBatchObject({ ...batch, status: "in_progress", counts: { completed: 1, failed: 1 } }).status).toBe("completed");
    expect(toBatchObject({ ...batch, status: "in_progress", counts: { in_progress: 1 } }).status).toBe("in_progress");
  });

  it("reports auto chunking as static 800/400 and no attributes as null", () => {
    const file = toVectorStoreFileObject({ fileId: "file-1", vectorStoreId: "vs_1", status: "completed", lastError: null, usageBytes: 5, chunkingStrategy: { type: "auto" }, attributes: null, createdAt: at });
    expect(file.chunking_strategy).toEqual({ type: "static", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } });
    expect(file.attributes).toBeNull();
  });

  it("shapes search hits as the contract's page", () => {
    expect(toSearchResultsPage(["q"], [{ fileId: "file-1", filename: "a.md", score: 0.5, text: "t", attributes: null }])).toEqual({
      object: "vector_store.search_results.page",
      search_query: ["q"],
      data: [{ file_id: "file-1", filename: "a.md", score: 0.5, attributes: {}, content: [{ type: "text", text: "t" }] }],
      has_more: false,
      next_page: null,
    });
  });

  it("gives the console the API's store file plus its name and chunk count", () => {
    const row = { fileId: "file-1", vectorStoreId: "vs_1", status: "failed" as const, lastError: { code: "unsupported_file", message: "Not text." }, usageBytes: 0n, chunkingStrategy: null, attributes: null, createdAt: at };
    const file = toConsoleStoreFile({ ...row, chunkCount: 0, filename: "a.bin" });
    expect(file).toEqual({ ...toVectorStoreFileObject(row), filename: "a.bin", chunk_count: 0 });
    expect(file.last_error).toEqual({ code: "unsupported_file", message: "Not text." });
  });

  it("gives the search tester each hit's score with its keyword and semantic parts", () => {
    const hit = { vectorStoreId: "vs_1", fileId: "file-1", filename: "a.md", chunkId: "42", score: 0.4, text: "t", attributes: null, start: 0, end: 1, parts: { keyword: 0.8, semantic: null } };
    expect(toSearchTesterResults({ searchQuery: ["q"], hits: [hit], semantic: "off" })).toEqual({
      search_query: ["q"],
      semantic_ranking: "off",
      data: [{ file_id: "file-1", filename: "a.md", chunk_id: "42", score: 0.4, keyword_score: 0.8, semantic_score: null, text: "t", attributes: {} }],
    });
  });
});
