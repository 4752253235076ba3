import { describe, expect, it } from "vitest";
import { toBatchObject, toSearchResultsPage, toVectorStoreFileObject, toVectorStoreObject } from "@/lib/vector-stores/wire";

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
});
