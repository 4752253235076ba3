import "server-only";
import { getPool } from "@/lib/db";
import type { Run } from "@/lib/generated/prisma/client";

// The vector stores a run's file_search may search: its assistant's tool_resources and its
// thread's (OpenAI searches both), read fresh at each model call so a store attached meanwhile counts.

type Resources = { file_search?: { vector_store_ids?: string[] } } | null;

export async function fileSearchStoreIds(run: Pick<Run, "workspaceId" | "threadId" | "assistantId">): Promise<string[]> {
  const { rows } = await getPool().query<{ assistant: Resources; thread: Resources }>({
    name: "run_file_search_stores",
    text: `SELECT (SELECT tool_resources FROM assistants WHERE id = $2 AND workspace_id = $3) AS assistant, t.tool_resources AS thread
      FROM threads t WHERE t.id = $1 AND t.workspace_id = $3`,
    values: [run.threadId, run.assistantId, run.workspaceId],
  });
  const row = rows[0];
  if (!row) return [];
  return [...new Set([...(row.assistant?.file_search?.vector_store_ids ?? []), ...(row.thread?.file_search?.vector_store_ids ?? [])])];
}

/**
 * Whether a store the thread made for itself (message attachments, inline `vector_stores`) among
 * `storeIds` still has files being indexed. A run waits for those, as OpenAI's do: their files
 * were given with the message the run answers. Stores made on purpose are searched as they are.
 */
export async function threadStoresIndexing(run: Pick<Run, "workspaceId" | "threadId">, storeIds: string[]): Promise<boolean> {
  const { rows } = await getPool().query<{ indexing: boolean }>({
    name: "run_thread_stores_indexing",
    text: `SELECT EXISTS (SELECT 1 FROM vector_store_files f JOIN vector_stores s ON s.id = f.vector_store_id
      WHERE s.id = ANY($1::text[]) AND s.thread_id = $2 AND s.workspace_id = $3 AND f.status = 'in_progress') AS indexing`,
    values: [storeIds, run.threadId, run.workspaceId],
  });
  return rows[0]?.indexing ?? false;
}
