import "server-only";
import { getDb, getPool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Message, Prisma } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { toContentParts, type MessageContentPart, type MessageCreateInput, type MessageListQuery } from "@/lib/messages/schema";
import { keysetSql, toPage, type Page } from "@/lib/pagination";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { activeRunOf, assertThreadExists, assertThreadId, lockThread, type Tx } from "@/lib/threads/lock";
import { attachToThreadStore, checkAttachments, fileSearchAttachments } from "@/lib/assistants/tool-resources";

// The only code that reads or writes messages; the run engine writes its assistant messages here too.

export type NewMessage = {
  input?: MessageCreateInput;
  /** For messages the engine writes: the run, its assistant, the status, the content so far. */
  runId?: string;
  assistantId?: string;
  status?: "in_progress" | "completed" | "incomplete";
  content?: MessageContentPart[];
};

function assertMessageId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.message)) throw notFound("message", id);
}

/**
 * Inserts messages at the end of a locked thread. Each gets a created_at strictly after the
 * thread's last message (and its id that time), so the list order is the order they were written
 * even within one millisecond.
 */
export async function insertMessages(tx: Tx, workspaceId: string, threadId: string, items: NewMessage[], at = new Date()): Promise<Message[]> {
  const [last] = await tx.$queryRaw<{ max: Date | null }[]>`SELECT max(created_at) AS max FROM messages WHERE thread_id = ${threadId}`;
  let time = Math.max(at.getTime(), (last?.max?.getTime() ?? 0) + 1);
  const rows: Message[] = [];
  for (const item of items) {
    const createdAt = new Date(time++);
    const status = item.status ?? "completed";
    rows.push(
      await tx.message.create({
        data: {
          id: newId(ID_PREFIXES.message, createdAt),
          workspaceId,
          threadId,
          role: item.input?.role ?? "assistant",
          content: (item.content ?? (item.input ? toContentParts(item.input.content) : [])) as Prisma.InputJsonValue,
          status,
          completedAt: status === "completed" ? createdAt : null,
          assistantId: item.assistantId ?? null,
          runId: item.runId ?? null,
          attachments: (item.input?.attachments ?? []) as Prisma.InputJsonValue,
          metadata: (item.input?.metadata ?? {}) as Prisma.InputJsonValue,
          createdAt,
        },
      }),
    );
  }
  return rows;
}

export async function createMessage(caller: Caller, threadId: string, input: MessageCreateInput): Promise<Message> {
  requireWrite(caller);
  await checkAttachments(caller.workspaceId, input.attachments);
  const message = await getDb().$transaction(async (tx) => {
    await lockThread(tx, caller, threadId);
    // As OpenAI does: the conversation cannot change under a run that is reading it.
    const active = await activeRunOf(tx, threadId);
    if (active) throw new AppError("invalid_request", `Can't add messages to ${threadId} while a run ${active} is active.`, { apiCode: "thread_busy" });
    const [row] = await insertMessages(tx, caller.workspaceId, threadId, [{ input }]);
    return row!;
  });
  // As OpenAI does: files attached for file_search go into the thread's own vector store.
  await attachToThreadStore(caller.workspaceId, threadId, fileSearchAttachments(input.attachments));
  return message;
}

export async function getMessage(caller: Caller, threadId: string, id: string): Promise<Message> {
  assertThreadId(threadId);
  assertMessageId(id);
  const row = await getDb().message.findFirst({ where: { id, threadId, workspaceId: caller.workspaceId } });
  if (!row) throw notFound("message", id);
  return row;
}

export async function updateMessage(caller: Caller, threadId: string, id: string, patch: { metadata?: Record<string, string> | null }): Promise<Message> {
  requireWrite(caller);
  const row = await getMessage(caller, threadId, id);
  if (patch.metadata === undefined) return row;
  return getDb().message.update({ where: { id }, data: { metadata: (patch.metadata ?? {}) as Prisma.InputJsonValue } });
}

export async function deleteMessage(caller: Caller, threadId: string, id: string): Promise<void> {
  requireWrite(caller);
  assertThreadId(threadId);
  assertMessageId(id);
  const { count } = await getDb().message.deleteMany({ where: { id, threadId, workspaceId: caller.workspaceId } });
  if (count === 0) throw notFound("message", id);

}

const COLUMNS = `id, workspace_id AS "workspaceId", thread_id AS "threadId", role, content, status,
  incomplete_details AS "incompleteDetails", completed_at AS "completedAt", incomplete_at AS "incompleteAt",
  assistant_id AS "assistantId", run_id AS "runId", attachments, metadata, created_at AS "createdAt"`;

export async function listMessages(caller: Caller, threadId: string, query: MessageListQuery): Promise<Page<Message>> {
  assertThreadId(threadId);
  const filter = query.run_id ? "AND run_id = $3 " : "";
  const first = query.run_id ? 4 : 3;
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.message, first);
  const values = [threadId, caller.workspaceId, ...(query.run_id ? [query.run_id] : []), ...params];
  const { rows } = await getPool().query<Message>(`SELECT ${COLUMNS} FROM messages WHERE thread_id = $1 AND workspace_id = $2 ${filter}${clause}`, values);
  if (rows.length === 0) await assertThreadExists(caller.workspaceId, threadId);
  return toPage(rows, query.limit, reversed);
}
