import "server-only";
import { getDb, getPool } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma, type Thread } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { insertMessages } from "@/lib/messages/service";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import type { ThreadCreateInput, ThreadUpdateInput } from "@/lib/threads/schema";
import { assertThreadId, type Tx } from "@/lib/threads/lock";
import { attachToThreadStore, checkAttachments, checkToolResources, fileSearchAttachments, materializeToolResources, prepareToolResources } from "@/lib/assistants/tool-resources";

// The only code that reads or writes threads. Every call takes the caller and filters by its
// workspace. Threads and messages are conversation data, not configuration: they are not written
// to the activity log (a busy playground would drown the changes people look for there).

/**
 * Creates a thread and its first messages, inside `tx` when given (thread-and-run creates both at
 * once). `playgroundAssistantId`: the assistant whose playground creates it (its thread list).
 */
export async function createThreadIn(tx: Tx, caller: Caller, input: ThreadCreateInput, playgroundAssistantId: string | null = null): Promise<Thread> {
  const createdAt = new Date();
  const thread = await tx.thread.create({
    data: {
      id: newId(ID_PREFIXES.thread, createdAt),
      workspaceId: caller.workspaceId,
      createdAt,
      toolResources: (input.tool_resources ?? {}) as Prisma.InputJsonValue,
      metadata: (input.metadata ?? {}) as Prisma.InputJsonValue,
      playgroundAssistantId,
    },
  });
  if (input.messages?.length) await insertMessages(tx, caller.workspaceId, thread.id, input.messages.map((message) => ({ input: message })), createdAt);
  return thread;
}

/**
 * What a new thread's request refers to, checked before anything is written: its tool_resources'
 * ids and its messages' attachments (400 naming the parameter). Then inline vector stores are made;
 * the resources returned are what the thread stores.
 */
export async function prepareThreadInput(caller: Caller, input: ThreadCreateInput, prefix = ""): Promise<ThreadCreateInput> {
  await checkToolResources(caller.workspaceId, input.tool_resources, `${prefix}tool_resources`);
  for (const [index, message] of (input.messages ?? []).entries()) await checkAttachments(caller.workspaceId, message.attachments, `${prefix}messages[${index}].attachments`);
  return { ...input, tool_resources: await materializeToolResources(caller, input.tool_resources) };
}

/** Files attached to `messages` for file_search, all of them. */
export const threadAttachmentFiles = (input: ThreadCreateInput) => fileSearchAttachments((input.messages ?? []).flatMap((message) => message.attachments ?? []));

export async function createThread(caller: Caller, input: ThreadCreateInput, playgroundAssistantId: string | null = null): Promise<Thread> {
  requireWrite(caller);
  const prepared = await prepareThreadInput(caller, input);
  const thread = await getDb().$transaction((tx) => createThreadIn(tx, caller, prepared, playgroundAssistantId));
  const attached = threadAttachmentFiles(input);
  if (!attached.length) return thread;
  // Once the thread exists: its messages' files go into a store of its own, which it then lists.
  await attachToThreadStore(caller.workspaceId, thread.id, attached);
  return getThread(caller, thread.id);
}

export async function getThread(caller: Caller, id: string): Promise<Thread> {
  assertThreadId(id);
  const row = await getDb().thread.findFirst({ where: { id, workspaceId: caller.workspaceId } });
  if (!row) throw notFound("thread", id);
  return row;
}

export async function updateThread(caller: Caller, id: string, patch: ThreadUpdateInput): Promise<Thread> {
  requireWrite(caller);
  assertThreadId(id);
  if (patch.tool_resources) patch = { ...patch, tool_resources: await prepareToolResources(caller, patch.tool_resources) };
  const data = {
    ...(patch.metadata !== undefined && { metadata: (patch.metadata ?? {}) as Prisma.InputJsonValue }),
    ...(patch.tool_resources !== undefined && { toolResources: (patch.tool_resources ?? {}) as Prisma.InputJsonValue }),
  };
  const { count } = await getDb().thread.updateMany({ where: { id, workspaceId: caller.workspaceId }, data });
  if (count === 0) throw notFound("thread", id);
  return getThread(caller, id);
}

/** Deletes the thread with its messages, runs and steps (a run in progress stops: its rows are gone). */
export async function deleteThread(caller: Caller, id: string): Promise<void> {
  requireWrite(caller);
  assertThreadId(id);
  const { count } = await getDb().thread.deleteMany({ where: { id, workspaceId: caller.workspaceId } });
  if (count === 0) throw notFound("thread", id);
}

const THREAD_COLUMNS = `id, workspace_id AS "workspaceId", tool_resources AS "toolResources", metadata, created_at AS "createdAt"`;

/** Atelier extension (the playground's thread list): OpenAI has no list endpoint for threads. */
export async function listThreads(caller: Caller, query: ListQuery): Promise<Page<Thread>> {
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.thread, 2);
  const { rows } = await getPool().query<Thread>(`SELECT ${THREAD_COLUMNS} FROM threads WHERE workspace_id = $1 ${clause}`, [caller.workspaceId, ...params]);
  return toPage(rows, query.limit, reversed);
}
