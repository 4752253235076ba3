import "server-only";
import type { ToolResources } from "@/lib/assistants/schema";
import type { Caller } from "@/lib/auth/caller";
import { getPool } from "@/lib/db";
import { invalidParam } from "@/lib/validation";
import { assertStoresUsable, createStore, createStoreForThread } from "@/lib/vector-stores/service";

// tool_resources as assistants, threads and thread-and-run take them: every id must be this
// workspace's (an unknown or foreign one is a 400 naming the parameter, checked before anything is
// written), and `file_search.vector_stores` asks for a store to be made with the owner, which is
// then listed in `vector_store_ids` (what is stored and shown). Message attachments for file_search
// go into a store of the thread's own, as OpenAI does.

/** Ids of files this workspace can use (uploaded, not expired) among `ids`. */
async function usableFiles(workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await getPool().query<{ id: string }>(
    "SELECT id FROM files WHERE id = ANY($1::text[]) AND workspace_id = $2 AND status = 'processed' AND (expires_at IS NULL OR expires_at > now())",
    [ids, workspaceId],
  );
  return new Set(rows.map((row) => row.id));
}

/** 400 naming `param[index]` for the first id that is not a usable file of the workspace. */
export async function assertFilesUsable(workspaceId: string, ids: readonly string[], param: (index: number) => string): Promise<void> {
  const found = await usableFiles(workspaceId, [...new Set(ids)]);
  ids.forEach((id, index) => {
    if (!found.has(id)) throw invalidParam(param(index), `No file found with id '${id}'.`);
  });
}

/** Every id in `resources` checked; writes nothing. `prefix`: where they sit in the request. */
export async function checkToolResources(workspaceId: string, resources: ToolResources | null | undefined, prefix = "tool_resources"): Promise<void> {
  if (!resources) return;
  const fileIds = resources.code_interpreter?.file_ids ?? [];
  await assertFilesUsable(workspaceId, fileIds, (index) => `${prefix}.code_interpreter.file_ids[${index}]`);
  const storeIds = resources.file_search?.vector_store_ids ?? [];
  if (storeIds.length) await assertStoresUsable(workspaceId, storeIds, `${prefix}.file_search.vector_store_ids`);
  for (const [store, inline] of (resources.file_search?.vector_stores ?? []).entries()) {
    await assertFilesUsable(workspaceId, inline.file_ids ?? [], (index) => `${prefix}.file_search.vector_stores[${store}].file_ids[${index}]`);
  }
}

/** The resources as stored: inline vector stores made now and listed by id. Call after checkToolResources. */
export async function materializeToolResources(caller: Caller, resources: ToolResources | null | undefined): Promise<ToolResources | null | undefined> {
  const inline = resources?.file_search?.vector_stores;
  if (!resources || !inline?.length) return resources;
  const created: string[] = [];
  for (const store of inline) {
    const row = await createStore(caller, { file_ids: store.file_ids ?? [], ...(store.chunking_strategy && { chunking_strategy: store.chunking_strategy }), metadata: store.metadata ?? null });
    created.push(row.id);
  }
  const { vector_stores: _inline, ...fileSearch } = resources.file_search!;
  void _inline;
  return { ...resources, file_search: { ...fileSearch, vector_store_ids: [...(fileSearch.vector_store_ids ?? []), ...created] } };
}

/** Checked, then materialized: what an assistant or thread stores for these resources. */
export async function prepareToolResources(caller: Caller, resources: ToolResources | null | undefined): Promise<ToolResources | null | undefined> {
  await checkToolResources(caller.workspaceId, resources);
  return materializeToolResources(caller, resources);
}

type Attachment = { file_id: string; tools: { type: string }[] };

/** Every attachment's file checked (400 naming `attachments[i].file_id`, or under `prefix`); writes nothing. */
export async function checkAttachments(workspaceId: string, attachments: readonly Attachment[] | null | undefined, prefix = "attachments"): Promise<void> {
  if (!attachments?.length) return;
  await assertFilesUsable(workspaceId, attachments.map((attachment) => attachment.file_id), (index) => `${prefix}[${index}].file_id`);
}

/** The files attached for file_search among `attachments`. */
export const fileSearchAttachments = (attachments: readonly Attachment[] | null | undefined): string[] => [
  ...new Set((attachments ?? []).filter((attachment) => attachment.tools.some((tool) => tool.type === "file_search")).map((attachment) => attachment.file_id)),
];

/**
 * Files attached to a thread's messages for file_search go into a store of the thread's own, which
 * the thread's tool_resources then lists (so its runs search them). The thread must exist (committed).
 */
export async function attachToThreadStore(workspaceId: string, threadId: string, fileIds: string[]): Promise<void> {
  if (!fileIds.length) return;
  const storeId = await createStoreForThread(workspaceId, threadId, fileIds);
  // The thread's row is rewritten in one statement: file_search made if missing, the store id appended.
  await getPool().query(
    `UPDATE threads SET tool_resources = (
       coalesce(tool_resources::jsonb, '{}'::jsonb) || jsonb_build_object('file_search',
         coalesce(tool_resources::jsonb -> 'file_search', '{}'::jsonb) || jsonb_build_object('vector_store_ids',
           coalesce(tool_resources::jsonb #> '{file_search,vector_store_ids}', '[]'::jsonb) || to_jsonb($3::text)))
     )::json
     WHERE id = $1 AND workspace_id = $2`,
    [threadId, workspaceId, storeId],
  );
}
