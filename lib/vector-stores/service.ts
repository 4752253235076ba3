import "server-only";

// TEMPORARY STUB (file-search branch): the vector stores helper's real service replaces this file
// at merge. Only these two signatures are relied upon.

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
