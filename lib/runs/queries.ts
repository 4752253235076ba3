import "server-only";
import { getPool } from "@/lib/db";
import type { Message, Run, RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import type { MessageContentPart } from "@/lib/messages/schema";
import type { HistoryMessage } from "@/lib/runs/prompt";
import type { StepDetails } from "@/lib/runs/wire";

// The statements on a run's way to its first token, in plain SQL on the pool Prisma shares.
// `npm run bench:runs` measured them through Prisma at ~24 ms for the create transaction and
// ~33 ms for reading the history; here a run starts in one round trip (startRunRow). Columns are aliased to
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

export type NewRun = Omit<Run, "id" | "createdAt" | "requiredAction" | "lastError" | "expiresAt" | "startedAt" | "cancelledAt" | "failedAt" | "completedAt" | "incompleteDetails" | "usage" | "status">;

export type StartedRun =
  | { outcome: "started"; run: Run; history: HistoryMessage[]; lastAt: number }
  | { outcome: "thread_not_found" }
  | { outcome: "thread_busy"; activeRunId: string };

type StartRunResult = { outcome: "started"; history: (HistoryMessage & { created_at: string })[] } | { outcome: "thread_not_found" } | { outcome: "thread_busy"; active_run_id: string };

/**
 * Inserts a run already in progress (the engine starts it at once) and reads the thread's newest
 * `historyLimit` messages for its prompt, in one round trip: the `atelier_start_run` function
 * (migration 20261202133000) locks the thread and refuses a second active run. The row is made
 * here, so the caller gets it without reading it back.
 */
export async function startRunRow(fields: NewRun, activeStatuses: readonly string[], historyLimit: number): Promise<StartedRun> {
  const createdAt = new Date();
  const run: Run = {
    ...fields,
    id: newId(ID_PREFIXES.run, createdAt),
    status: "in_progress",
    requiredAction: null,
    lastError: null,
    expiresAt: null,
    startedAt: createdAt,
    cancelledAt: null,
    failedAt: null,
    completedAt: null,
    incompleteDetails: null,
    usage: null,
    createdAt,
  };
  const row = {
    id: run.id, workspace_id: run.workspaceId, thread_id: run.threadId, assistant_id: run.assistantId, status: run.status,
    started_at: createdAt, model: run.model, instructions: run.instructions, tools: run.tools, metadata: run.metadata,
    temperature: run.temperature, top_p: run.topP, top_k: run.topK, max_prompt_tokens: run.maxPromptTokens,
    max_completion_tokens: run.maxCompletionTokens, truncation_strategy: run.truncationStrategy, tool_choice: run.toolChoice,
    parallel_tool_calls: run.parallelToolCalls, response_format: run.responseFormat, reasoning_effort: run.reasoningEffort, created_at: createdAt,
  };
  const { rows } = await getPool().query<{ result: StartRunResult }>("SELECT atelier_start_run($1::json, $2, $3) AS result", [
    JSON.stringify(row),
    activeStatuses,
    historyLimit,
  ]);
  const result = rows[0]!.result;
  if (result.outcome === "thread_not_found") return result;
  if (result.outcome === "thread_busy") return { outcome: "thread_busy", activeRunId: result.active_run_id };
  return {
    outcome: "started",
    run,
    history: result.history.map(({ role, content }) => ({ role, content })),
    lastAt: result.history.length ? Date.parse(result.history.at(-1)!.created_at) : 0,
  };
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
