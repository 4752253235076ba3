import "server-only";
import type { Caller } from "@/lib/auth/caller";
import type { ChunkingStrategyParam } from "@/lib/vector-stores/chunking";

// TEMPORARY STUB (file-search branch): the vector stores helper's real service replaces this file
// at merge. Only these signatures (the real file's) are relied upon.

/** 400 naming `param` when any id is unknown or another workspace's. */
export async function assertStoresUsable(workspaceId: string, ids: string[], param: string): Promise<void> {
  void workspaceId;
  void ids;
  void param;
  throw new Error("not implemented");
}

/** The thread's own vector store holding `fileIds` (created on first use); its id. */
export async function createStoreForThread(workspaceId: string, threadId: string, fileIds: string[]): Promise<string> {
  void workspaceId;
  void threadId;
  void fileIds;
  throw new Error("not implemented");
}

/** A store made for tool_resources.file_search.vector_stores (inline); the real one returns the store row. */
export async function createStore(
  caller: Caller,
  input: { name?: string; file_ids?: string[]; chunking_strategy?: ChunkingStrategyParam; metadata?: Record<string, string> | null },
  opts: { threadId?: string } = {},
): Promise<{ id: string }> {
  void caller;
  void input;
  void opts;
  throw new Error("not implemented");
}
