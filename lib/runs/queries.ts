import "server-only";
import type pg from "pg";
import { getPool } from "@/lib/db";
import { SELECT_ASSISTANT_BY_ID_SQL } from "@/lib/assistants/queries";
import type { Assistant, Message, Run, RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import type { MessageContentPart } from "@/lib/messages/schema";
import type { HistoryMessage } from "@/lib/runs/prompt";
import type { StepDetails } from "@/lib/runs/wire";

// The statements on a run's way to its first token, in plain SQL on the pool Prisma shares.
// `npm run bench:runs` measured them through Prisma at ~24 ms for the create transaction and
// ~33 ms for reading the history; here they are a few round trips each. Columns are aliased to
// Prisma's field names and pg parses timestamptz/json to the same values, so callers keep
// Prisma's types (as lib/assistants/queries.ts does for assistants).

const RUN_COLUMNS = `id, workspace_id AS "workspaceId", thread_id AS "threadId", assistant_id AS "assistantId", status,
  required_action AS "requiredAction", last_error AS "lastError", expires_at AS "expiresAt", started_at AS "startedAt",
  cancelled_at AS "cancelledAt", failed_at AS "failedAt", completed_at AS "completedAt", incomplete_details AS "incompleteDetails",
  model, instructions, tools, metadata, usage, temperature, top_p AS "topP", top_k AS "topK",
  max_prompt_tokens AS "maxPromptTokens", max_completion_tokens AS "maxCompletionTokens",
  truncation_strategy AS "truncationStrategy", tool_choice AS "toolChoice", parallel_tool_calls AS "parallelToolCalls",
  response_format AS "responseFormat", reasoning_effort AS "reasoningEffort", created_at AS "createdAt"`;

const STEP_COLUMNS = `id, workspace_id AS "workspaceId", run_id AS "runId", thread_id AS "threadId", assistant_id AS "assistantId",
  type, status, step_details AS "stepDetails", last_error AS "lastError", expired_at AS "expiredAt", cancelled_at AS "cancelledAt",
  failed_at AS "failedAt", completed_at AS "completedAt", metadata, usage, created_at AS "createdAt"`;

/** A page of a thread's runs in one statement (keyset on created_at, id). */
export async function selectRunPage(workspaceId: string, threadId: string, query: ListQuery): Promise<Page<Run>> {
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.run, 3);
  const { rows } = await getPool().query<Run>(`SELECT ${RUN_COLUMNS} FROM runs WHERE thread_id = $1 AND workspace_id = $2 ${clause}`, [threadId, workspaceId, ...params]);
  return toPage(rows, query.limit, reversed);
}

/** A page of a run's steps in one statement (the run was found in the caller's workspace already). */
export async function selectStepPage(runId: string, query: ListQuery): Promise<Page<RunStep>> {
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.step, 2);
  const { rows } = await getPool().query<RunStep>(`SELECT ${STEP_COLUMNS} FROM run_steps WHERE run_id = $1 ${clause}`, [runId, ...params]);
  return toPage(rows, query.limit, reversed);
}

export type NewRun = Omit<Run, "id" | "createdAt" | "requiredAction" | "lastError" | "expiresAt" | "startedAt" | "cancelledAt" | "failedAt" | "completedAt" | "incompleteDetails" | "usage">;

/** Inserts a queued run with `client` (inside the caller's transaction). */
export async function insertRunRow(client: pg.PoolClient, run: NewRun): Promise<Run> {
  const createdAt = new Date();
  const json = (value: unknown) => JSON.stringify(value);
  const { rows } = await client.query<Run>(
    `INSERT INTO runs (id, workspace_id, thread_id, assistant_id, status, model, instructions, tools, metadata, temperature, top_p, top_k,
       max_prompt_tokens, max_completion_tokens, truncation_strategy, tool_choice, parallel_tool_calls, response_format, reasoning_effort, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9::json, $10, $11, $12, $13, $14, $15::json, $16::json, $17, $18::json, $19, $20)
     RETURNING ${RUN_COLUMNS}`,
    [
      newId(ID_PREFIXES.run, createdAt), run.workspaceId, run.threadId, run.assistantId, run.status, run.model, run.instructions,
      json(run.tools), json(run.metadata), run.temperature, run.topP, run.topK, run.maxPromptTokens, run.maxCompletionTokens,
      json(run.truncationStrategy), json(run.toolChoice), run.parallelToolCalls, json(run.responseFormat), run.reasoningEffort, createdAt,
    ],
  );
  return rows[0]!;
}

/** Runs `work` in a transaction on one pooled connection; rolls back when it throws. */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The thread's row lock (false when it is not this workspace's) and its active run, if any. */
export async function lockThreadSql(client: pg.PoolClient, workspaceId: string, threadId: string, activeStatuses: readonly string[]): Promise<{ found: boolean; activeRunId: string | null }> {
  const locked = await client.query("SELECT id FROM threads WHERE id = $1 AND workspace_id = $2 FOR UPDATE", [threadId, workspaceId]);
  if (locked.rowCount === 0) return { found: false, activeRunId: null };
  const active = await client.query<{ id: string }>("SELECT id FROM runs WHERE thread_id = $1 AND status = ANY($2) LIMIT 1", [threadId, activeStatuses]);
  return { found: true, activeRunId: active.rows[0]?.id ?? null };
}

/** The assistant on the transaction's own connection (the pool may have none to spare under load). */
export async function selectAssistantWith(client: pg.PoolClient, workspaceId: string, id: string): Promise<Assistant | null> {
  if (!timeFromId(id, ID_PREFIXES.assistant)) return null;
  const { rows } = await client.query<Assistant>(SELECT_ASSISTANT_BY_ID_SQL, [id, workspaceId]);
  return rows[0] ?? null;
}

/** The thread's messages in order, except this run's, and the time of its newest message. */
export async function selectHistory(run: Run, limit: number): Promise<{ history: HistoryMessage[]; lastAt: number }> {
  const { rows } = await getPool().query<{ role: string; content: MessageContentPart[]; createdAt: Date }>(
    `SELECT role, content, created_at AS "createdAt" FROM messages
     WHERE thread_id = $1 AND (run_id IS NULL OR run_id <> $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
    [run.threadId, run.id, limit],
  );
  return {
    history: rows.reverse().map((row) => ({ role: row.role as HistoryMessage["role"], content: row.content })),
    lastAt: rows.at(-1)?.createdAt.getTime() ?? 0,
  };
}

/**
 * The run's new assistant message and the step that creates it, written in one statement. The
 * rows are known before the database answers (ids and times are made here), so the caller can
 * stream the first token at once and await `written` before its next write to either row.
 * created_at is after the thread's newest message (`after`, read with the history; the thread is
 * busy with this run, so nothing else writes to it meanwhile), and the message id carries it.
 */
export function insertMessageWithStep(run: Run, after: number, metadata: Record<string, string>): { message: Message; step: RunStep; written: Promise<void> } {
  const messageAt = new Date(Math.max(Date.now(), after + 1));
  const stepAt = new Date();
  const message: Message = {
    id: newId(ID_PREFIXES.message, messageAt),
    workspaceId: run.workspaceId,
    threadId: run.threadId,
    role: "assistant",
    content: [],
    status: "in_progress",
    incompleteDetails: null,
    completedAt: null,
    incompleteAt: null,
    assistantId: run.assistantId,
    runId: run.id,
    attachments: [],
    metadata: {},
    createdAt: messageAt,
  };
  const step: RunStep = {
    id: newId(ID_PREFIXES.step, stepAt),
    workspaceId: run.workspaceId,
    runId: run.id,
    threadId: run.threadId,
    assistantId: run.assistantId,
    type: "message_creation",
    status: "in_progress",
    stepDetails: { type: "message_creation", message_creation: { message_id: message.id } } satisfies StepDetails,
    lastError: null,
    expiredAt: null,
    cancelledAt: null,
    failedAt: null,
    completedAt: null,
    metadata,
    usage: null,
    createdAt: stepAt,
  };
  const written = getPool()
    .query(
      `WITH message AS (
         INSERT INTO messages (id, workspace_id, thread_id, role, content, status, assistant_id, run_id, attachments, metadata, created_at)
         VALUES ($1, $2, $3, 'assistant', '[]'::json, 'in_progress', $4, $5, '[]'::json, '{}'::json, $6)
       )
       INSERT INTO run_steps (id, workspace_id, run_id, thread_id, assistant_id, type, status, step_details, metadata, created_at)
       VALUES ($7, $2, $5, $3, $4, 'message_creation', 'in_progress', $8::json, $9::json, $10)`,
      [message.id, run.workspaceId, run.threadId, run.assistantId, run.id, messageAt, step.id, JSON.stringify(step.stepDetails), JSON.stringify(metadata), stepAt],
    )
    .then(() => undefined);
  written.catch(() => {}); // awaited by the caller; this only keeps an early failure from being "unhandled"
  return { message, step, written };
}

export async function setRunInProgress(run: Run): Promise<Run> {
  const { rows } = await getPool().query<Run>(
    `UPDATE runs SET status = 'in_progress', started_at = coalesce(started_at, now()) WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
    [run.id],
  );
  return rows[0]!;
}
