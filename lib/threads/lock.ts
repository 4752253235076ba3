import "server-only";
import { getPool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, timeFromId } from "@/lib/ids";
import type { Caller } from "@/lib/auth/caller";
import { ACTIVE_RUN_STATUSES } from "@/lib/runs/statuses";

// Serialising writes to one thread. Messages and runs both take the thread's row lock first, so
// message order and "one active run per thread" hold however many requests arrive at once.

export type Tx = Prisma.TransactionClient;

export function assertThreadId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.thread)) throw notFound("thread", id);
}

/**
 * Locks the thread's row for the rest of the transaction, so writes to one thread (a message, a new
 * run) happen one at a time: message order and "one active run per thread" rely on it.
 */
export async function lockThread(tx: Tx, caller: Caller, threadId: string): Promise<void> {
  assertThreadId(threadId);
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM threads WHERE id = ${threadId} AND workspace_id = ${caller.workspaceId} FOR UPDATE`;
  if (rows.length === 0) throw notFound("thread", threadId);
}

/** The active run of a locked thread, if any. */
export async function activeRunOf(tx: Tx, threadId: string): Promise<string | null> {
  const run = await tx.run.findFirst({ where: { threadId, status: { in: [...ACTIVE_RUN_STATUSES] } }, select: { id: true } });
  return run?.id ?? null;
}

export function threadBusy(threadId: string, runId: string): AppError {
  return new AppError("invalid_request", `Thread ${threadId} already has an active run ${runId}.`, { apiCode: "thread_busy" });
}


/**
 * For list endpoints, called only when a page came back empty: an empty page of a thread that is
 * not this workspace's is a 404, not an empty list. A page with rows proves the thread already.
 */
export async function assertThreadExists(workspaceId: string, threadId: string): Promise<void> {
  const { rowCount } = await getPool().query("SELECT 1 FROM threads WHERE id = $1 AND workspace_id = $2", [threadId, workspaceId]);
  if (!rowCount) throw notFound("thread", threadId);
}
