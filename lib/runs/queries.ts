import "server-only";
import { getPool } from "@/lib/db";
import type { Message, Run, RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import type { HistoryMessage } from "@/lib/runs/prompt";
import type { AssistantSettings } from "@/lib/runs/settings";
import type { StepDetails } from "@/lib/runs/wire";

// The statements on a run's way to its first token, in plain SQL on the pool Prisma shares.
// `npm run bench:runs` measured them through Prisma at ~24 ms for the create transaction and
// ~33 ms for reading the history; here a new run reads what it needs in one round trip
// (readRunStart) and is inserted in one more (insertStartedRun), which the engine overlaps with
// the model call. Columns are aliased to Prisma's field names and pg parses timestamptz/json to
// the same values, so callers keep Prisma's types (as lib/assistants/queries.ts does for assistants).

const RUN_COLUMNS = `id, workspace_id AS "workspaceId", thread_id AS "threadId", assistant_id AS "assistantId", status,
  required_action AS "requiredAction", last_error AS "lastError", expires_at AS "expiresAt", started_at AS "startedAt",
  cancelled_at AS "cancelledAt", failed_at AS "failedAt", completed_at AS "completedAt", incomplete_details AS "incompleteDetails",
  model, instructions, tools, metadata, usage, temperature, top_p AS "topP", top_k AS "topK",
  max_prompt_tokens AS "maxPromptTokens", max_completion_tokens AS "maxCompletionTokens", max_tokens AS "maxTokens",
  truncation_strategy AS "truncationStrategy", tool_choice AS "toolChoice", parallel_tool_calls AS "parallelToolCalls",
  response_format AS "responseFormat", reasoning_effort AS "reasoningEffort", model_calls AS "modelCalls", created_at AS "createdAt"`;

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

export type NewRun = Omit<Run, "id" | "createdAt" | "requiredAction" | "lastError" | "expiresAt" | "startedAt" | "cancelledAt" | "failedAt" | "completedAt" | "incompleteDetails" | "usage" | "status" | "modelCalls">;

/** What a new run is made from (an assistant's own settings; see lib/runs/settings.ts). */
export type RunStartReads = {
  threadExists: boolean;
  activeRunId: string | null;
  assistant: AssistantSettings | null;
  history: HistoryMessage[];
  /** The time of the thread's newest message (the run's message goes after it). */
  lastAt: number;
};

// The thread's newest messages, oldest first, except those of run $2 (none, for a new run).
const historySql = (thread: string, run: string, limit: string) => `SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content, 'at', h.at) ORDER BY h.created_at, h.id), '[]'::json)
  FROM (SELECT role, content, created_at, id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM messages
        WHERE thread_id = ${thread} AND (run_id IS NULL OR run_id <> ${run}) ORDER BY created_at DESC, id DESC LIMIT ${limit}) h`;

type HistoryRow = HistoryMessage & { at: number };
const historyOf = (rows: HistoryRow[]) => ({ history: rows.map(({ role, content }) => ({ role, content })), lastAt: rows.at(-1)?.at ?? 0 });

/**
 * Everything a new run reads, in one round trip: does the thread exist (in the workspace), its
 * active run if any, the assistant's settings, and the thread's newest `historyLimit` messages.
 * Unlocked reads: insertStartedRun checks the thread and its active run again under the lock.
 */
export async function readRunStart(workspaceId: string, threadId: string, assistantId: string, activeStatuses: readonly string[], historyLimit: number): Promise<RunStartReads> {
  // Named: each pooled connection parses and plans it once (planning cost more than running it).
  const { rows } = await getPool().query<{ thread: boolean | null; active: string | null; assistant: AssistantSettings | null; history: HistoryRow[] }>({
    name: "run_start_reads",
    text: `SELECT (SELECT true FROM threads WHERE id = $1 AND workspace_id = $2) AS thread,
       (SELECT id FROM runs WHERE thread_id = $1 AND status = ANY ($4) LIMIT 1) AS active,
       (SELECT json_build_object('id', id, 'model', model, 'instructions', instructions, 'tools', tools, 'temperature', temperature,
          'topP', top_p, 'topK', top_k, 'maxTokens', max_tokens, 'reasoningEffort', reasoning_effort, 'responseFormat', response_format)
        FROM assistants WHERE id = $3 AND workspace_id = $2) AS assistant,
       (${historySql("$1", "''", "$5")}) AS history`,
    values: [threadId, workspaceId, assistantId, activeStatuses, historyLimit],
  });
  const row = rows[0]!;
  return { threadExists: row.thread === true, activeRunId: row.active, assistant: row.assistant, ...historyOf(row.thread ? row.history : []) };
}

/**
 * A new run's row as the engine starts it (in progress), made here so nobody reads it back. It
 * expires `expiresInMs` after creation, as OpenAI's runs do (10 minutes); the deadline moves when
 * it starts waiting for tool outputs (lib/runs/execute.ts) and is not shown once it has ended.
 */
export function newStartedRun(fields: NewRun, expiresInMs: number): Run {
  const createdAt = new Date();
  return {
    ...fields,
    id: newId(ID_PREFIXES.run, createdAt),
    status: "in_progress",
    requiredAction: null,
    lastError: null,
    expiresAt: new Date(createdAt.getTime() + expiresInMs),
    startedAt: createdAt,
    cancelledAt: null,
    failedAt: null,
    completedAt: null,
    incompleteDetails: null,
    usage: null,
    modelCalls: null,
    createdAt,
  };
}

export type InsertOutcome = { outcome: "started" } | { outcome: "thread_not_found" } | { outcome: "thread_busy"; activeRunId: string };

/**
 * Inserts a run made by newStartedRun, in one round trip: the `atelier_insert_run` function
 * (migration 20261203090000) locks the thread and refuses a second active run.
 */
export async function insertStartedRun(run: Run, activeStatuses: readonly string[]): Promise<InsertOutcome> {
  const row = {
    id: run.id, workspace_id: run.workspaceId, thread_id: run.threadId, assistant_id: run.assistantId, status: run.status,
    started_at: run.startedAt, expires_at: run.expiresAt, model: run.model, instructions: run.instructions, tools: run.tools, metadata: run.metadata,
    temperature: run.temperature, top_p: run.topP, top_k: run.topK, max_prompt_tokens: run.maxPromptTokens,
    max_completion_tokens: run.maxCompletionTokens, max_tokens: run.maxTokens, truncation_strategy: run.truncationStrategy, tool_choice: run.toolChoice,
    parallel_tool_calls: run.parallelToolCalls, response_format: run.responseFormat, reasoning_effort: run.reasoningEffort, created_at: run.createdAt,
  };
  const { rows } = await getPool().query<{ result: { outcome: "started" | "thread_not_found" } | { outcome: "thread_busy"; active_run_id: string } }>(
    { name: "run_insert", text: "SELECT atelier_insert_run($1::json, $2) AS result", values: [JSON.stringify(row), activeStatuses] },
  );
  const result = rows[0]!.result;
  return result.outcome === "thread_busy" ? { outcome: "thread_busy", activeRunId: result.active_run_id } : result;
}

/** The thread's messages in order, except this run's, and the time of its newest message. */
export async function selectHistory(run: Run, limit: number): Promise<{ history: HistoryMessage[]; lastAt: number }> {
  const { rows } = await getPool().query<{ history: HistoryRow[] }>({ name: "run_history", text: `SELECT (${historySql("$1", "$2", "$3")}) AS history`, values: [run.threadId, run.id, limit] });
  return historyOf(rows[0]!.history);
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
