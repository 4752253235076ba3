import "server-only";
import { getPool } from "@/lib/db";
import type { Run } from "@/lib/generated/prisma/client";

// The vector stores a run's file_search may search: its assistant's tool_resources and its
// thread's (OpenAI searches both), read fresh at each model call so a store attached meanwhile counts.
// The assistant's are those of the version the run runs (a pinned older version, or the version
// that was current when it started, if the assistant has changed since).

type Resources = { file_search?: { vector_store_ids?: string[] } } | null;

export type FileSearchStores = {
  ids: string[];
  /**
   * Whether a store the thread made for itself (message attachments, inline `vector_stores`) still
   * has files being indexed. A run waits for those, as OpenAI's do: their files came with the
   * messages the run answers. Stores made on purpose are searched as they are.
   */
  indexing: boolean;
};

type RunRef = Pick<Run, "workspaceId" | "threadId" | "assistantId" | "assistantVersion">;

export async function fileSearchStores(run: RunRef): Promise<FileSearchStores> {
  const { rows } = await getPool().query<{ assistant: Resources; thread: Resources; indexing: boolean }>({
    name: "run_file_search_stores",
    text: `SELECT (SELECT CASE WHEN $4::int IS NULL OR a.version = $4::int THEN a.tool_resources
                 ELSE (SELECT v.snapshot -> 'toolResources' FROM assistant_versions v WHERE v.assistant_id = a.id AND v.version = $4::int) END
              FROM assistants a WHERE a.id = $2 AND a.workspace_id = $3) AS assistant, t.tool_resources AS thread,
        EXISTS (SELECT 1 FROM vector_stores s JOIN vector_store_files f ON f.vector_store_id = s.id
          WHERE s.thread_id = t.id AND s.workspace_id = $3 AND f.status = 'in_progress'
            AND s.id IN (SELECT json_array_elements_text(t.tool_resources -> 'file_search' -> 'vector_store_ids'))) AS indexing
      FROM threads t WHERE t.id = $1 AND t.workspace_id = $3`,
    values: [run.threadId, run.assistantId, run.workspaceId, run.assistantVersion ?? null],
  });
  const row = rows[0];
  if (!row) return { ids: [], indexing: false };
  const ids = [...new Set([...(row.assistant?.file_search?.vector_store_ids ?? []), ...(row.thread?.file_search?.vector_store_ids ?? [])])];
  return { ids, indexing: row.indexing };
}

export const fileSearchStoreIds = async (run: RunRef): Promise<string[]> => (await fileSearchStores(run)).ids;
