import "server-only";
import { getDb, getPool } from "@/lib/db";
import type { Run, RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import type { HistoryMessage } from "@/lib/runs/prompt";
import type { AssistantSettings } from "@/lib/runs/settings";

// Run rows: the statements on a run's way to its first token, in plain SQL on the pool Prisma shares,
// and the API's reads and state changes of runs and steps. With lib/runs/data/segment-store.ts (the
// engine's writes) and history.ts (what prompts are built from), the only code that touches runs.
// `npm run bench:runs` measured them through Prisma at ~24 ms for the create transaction and
// ~33 ms for reading the history; here a new run reads what it needs in one round trip
// (readRunStart) and is inserted in one more (insertRun), after which the engine calls the model
// at once. Columns are aliased to Prisma's field names and pg parses timestamptz/json to
// the same values, so callers keep Prisma's types (as lib/assistants/queries.ts does for assistants).

export const RUN_COLUMNS = `id, workspace_id AS "workspaceId", thread_id AS "threadId", assistant_id AS "assistantId", status,
  required_action AS "requiredAction", last_error AS "lastError", expires_at AS "expiresAt", started_at AS "startedAt",
  cancelled_at AS "cancelledAt", failed_at AS "failedAt", completed_at AS "completedAt", incomplete_details AS "incompleteDetails",
  model, instructions, tools, metadata, usage, temperature, top_p AS "topP", top_k AS "topK",
  max_prompt_tokens AS "maxPromptTokens", max_completion_tokens AS "maxCompletionTokens", max_tokens AS "maxTokens",
  truncation_strategy AS "truncationStrategy", tool_choice AS "toolChoice", parallel_tool_calls AS "parallelToolCalls",
  response_format AS "responseFormat", reasoning_effort AS "reasoningEffort", model_calls AS "modelCalls", webhook_url AS "webhookUrl", assistant_version AS "assistantVersion", created_at AS "createdAt"`;

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
 * active run if any, the assistant's settings (its current version's, or, when the run pins one,
 * that version's: `pinned` is then null if the assistant has no such version or label), and the
 * thread's newest `historyLimit` messages. Unlocked reads: insertRun checks the thread and its
 * active run again under the lock.
 */
export async function readRunStart(
  workspaceId: string,
  threadId: string,
  assistantId: string,
  activeStatuses: readonly string[],
  historyLimit: number,
  pin: { version: number | null; label: string | null } | null = null,
): Promise<RunStartReads & { pinned: AssistantSettings | null }> {
  // Named: each pooled connection parses and plans it once (planning cost more than running it).
  const { rows } = await getPool().query<{ thread: boolean | null; active: string | null; assistant: AssistantSettings | null; pinned: { id: string; version: number; snapshot: AssistantSettings } | null; history: HistoryRow[] }>({
    name: "run_start_reads",
    text: `SELECT (SELECT true FROM threads WHERE id = $1 AND workspace_id = $2) AS thread,
       (SELECT id FROM runs WHERE thread_id = $1 AND status = ANY ($4) LIMIT 1) AS active,
       (SELECT json_build_object('id', id, 'version', version, 'model', model, 'instructions', instructions, 'tools', tools, 'temperature', temperature,
          'topP', top_p, 'topK', top_k, 'maxTokens', max_tokens, 'reasoningEffort', reasoning_effort, 'responseFormat', response_format)
        FROM assistants WHERE id = $3 AND workspace_id = $2) AS assistant,
       (SELECT json_build_object('id', v.assistant_id, 'version', v.version, 'snapshot', v.snapshot) FROM assistant_versions v
         WHERE ($6::int IS NOT NULL OR $7::text IS NOT NULL) AND v.assistant_id = $3 AND v.workspace_id = $2
           AND v.version = COALESCE($6::int, (SELECT l.version FROM assistant_labels l WHERE l.assistant_id = $3 AND l.label = $7::text))) AS pinned,
       (${historySql("$1", "''", "$5")}) AS history`,
    values: [threadId, workspaceId, assistantId, activeStatuses, historyLimit, pin?.version ?? null, pin?.label ?? null],
  });
  const row = rows[0]!;
  const pinned = row.pinned ? settingsOf(row.pinned) : null;
  return { threadExists: row.thread === true, activeRunId: row.active, assistant: row.assistant, pinned, ...historyOf(row.thread ? row.history : []) };
}

/** A version's settings, as the run reads the current ones. */
export function settingsOf({ id, version, snapshot }: { id: string; version: number; snapshot: Omit<AssistantSettings, "id" | "version"> }): AssistantSettings {
  const { model, instructions, tools, temperature, topP, topK, maxTokens, reasoningEffort, responseFormat } = snapshot;
  return { id, version, model, instructions: instructions ?? null, tools: tools ?? [], temperature: temperature ?? null, topP: topP ?? null, topK: topK ?? null, maxTokens: maxTokens ?? null, reasoningEffort: reasoningEffort ?? null, responseFormat: responseFormat ?? null };
}

/**
 * A new run's row, made here so nobody reads it back: `in_progress` when this instance executes it
 * at once, `queued` when it waits for room (lib/runs/engine.ts). It expires `expiresInMs` after
 * creation, as OpenAI's runs do (10 minutes); the deadline moves when it starts waiting for tool
 * outputs and is not shown once it has ended.
 */
export function newRun(fields: NewRun, status: "in_progress" | "queued", expiresInMs: number): Run {
  const createdAt = new Date();
  return {
    ...fields,
    id: newId(ID_PREFIXES.run, createdAt),
    status,
    requiredAction: null,
    lastError: null,
    expiresAt: new Date(createdAt.getTime() + expiresInMs),
    startedAt: status === "in_progress" ? createdAt : null,
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

/** Raw SQL in a Prisma transaction (a run inserted with the messages or thread it comes with). */
type RawExecutor = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

/**
 * The one way a run is inserted, in one round trip: the `atelier_insert_run` function (migration
 * 20261203090000) locks the thread and refuses a second active run. In `tx` when given. `lease`:
 * the run queue's claim for a run this instance starts now (lib/runs/lease reserveLocalStart),
 * written in the same statement; its id comes back as `leaseId` (also when the run was refused).
 */
export async function insertRun(run: Run, activeStatuses: readonly string[], tx?: RawExecutor, lease?: { text: string; values: unknown[] } | null): Promise<InsertOutcome & { leaseId?: string | null }> {
  const row = {
    id: run.id, workspace_id: run.workspaceId, thread_id: run.threadId, assistant_id: run.assistantId, status: run.status,
    started_at: run.startedAt, expires_at: run.expiresAt, model: run.model, instructions: run.instructions, tools: run.tools, metadata: run.metadata,
    temperature: run.temperature, top_p: run.topP, top_k: run.topK, max_prompt_tokens: run.maxPromptTokens,
    max_completion_tokens: run.maxCompletionTokens, max_tokens: run.maxTokens, truncation_strategy: run.truncationStrategy, tool_choice: run.toolChoice,
    parallel_tool_calls: run.parallelToolCalls, response_format: run.responseFormat, reasoning_effort: run.reasoningEffort, webhook_url: run.webhookUrl, assistant_version: run.assistantVersion, created_at: run.createdAt,
  };
  type Result = { outcome: "started" | "thread_not_found" } | { outcome: "thread_busy"; active_run_id: string };
  const insert = "atelier_insert_run($1::json, $2::text[]) AS result";
  const values = [JSON.stringify(row), activeStatuses, ...(lease?.values ?? [])];
  const text = lease ? `WITH lease AS (${lease.text}) SELECT ${insert}, (SELECT id::text FROM lease) AS lease_id` : `SELECT ${insert}`;
  const rows = tx
    ? await tx.$queryRawUnsafe<{ result: Result; lease_id?: string | null }[]>(text, ...values)
    : (await getPool().query<{ result: Result; lease_id?: string | null }>({ name: lease ? "run_insert_leased" : "run_insert", text, values })).rows;
  const { result, lease_id: leaseId } = rows[0]!;
  const outcome: InsertOutcome = result.outcome === "thread_busy" ? { outcome: "thread_busy", activeRunId: result.active_run_id } : result;
  return { ...outcome, leaseId };
}

/** The thread's messages in order, except this run's, and the time of its newest message. */
export async function selectHistory(run: Run, limit: number): Promise<{ history: HistoryMessage[]; lastAt: number }> {
  const { rows } = await getPool().query<{ history: HistoryRow[] }>({ name: "run_history", text: `SELECT (${historySql("$1", "$2", "$3")}) AS history`, values: [run.threadId, run.id, limit] });
  return historyOf(rows[0]!.history);
}

export async function loadRun(runId: string): Promise<Run | null> {
  return getDb().run.findUnique({ where: { id: runId } });
}

/** A run as the API addresses it: in the caller's workspace and the thread of the path. */
export async function findRun(workspaceId: string, threadId: string, runId: string): Promise<Run | null> {
  return getDb().run.findFirst({ where: { id: runId, threadId, workspaceId } });
}

export async function findStep(runId: string, stepId: string): Promise<RunStep | null> {
  return getDb().runStep.findFirst({ where: { id: stepId, runId } });
}

export async function saveRunMetadata(runId: string, metadata: Record<string, string>): Promise<Run> {
  return getDb().run.update({ where: { id: runId }, data: { metadata } });
}
