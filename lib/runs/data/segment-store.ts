import "server-only";
import { getDb, getPool } from "@/lib/db";
import type { Message, Run, RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { log } from "@/lib/log";
import type { MessageContentPart } from "@/lib/messages/schema";
import { withDbRetry } from "@/lib/runs/data/retry";
import { RUN_COLUMNS } from "@/lib/runs/data/runs";
import type { StepDetails, StepToolCall, Usage } from "@/lib/runs/wire";
import { toWellFormed } from "@/lib/unicode";

// The run engine's writes while a run executes (lib/runs/segment.ts calls them through its
// SegmentStore interface): its message and steps as they are created, its text every few seconds,
// and its end, written in one transaction so the run, its message and its steps always agree.
// Each is idempotent and retried through connection faults (lib/runs/data/retry.ts).

export const retryRunWrite = <T>(what: string, runId: string, fn: () => Promise<T>) =>
  withDbRetry(fn, { onRetry: (error, attempt, delayMs) => log.warn("retrying a run write after a database fault", { what, runId, attempt, delayMs, error: (error as Error).message }) });

// A model's text is stored well-formed: a lone surrogate from a provider's JSON would break every
// jsonb read of the thread (lib/unicode.ts). A pair split between two writes is whole in the next one.
export const textContent = (value: string, annotations: object[] = []): MessageContentPart[] => [{ type: "text", text: { value: toWellFormed(value), annotations } }];

const json = (value: unknown) => JSON.stringify(value);

/**
 * Rows whose ids and times are made here, so the first token streams while they are written:
 * `written` settles when they are (the caller awaits it before its next write to them).
 */
export type Pending<T> = { row: T; written: Promise<void> };

function pending<T>(row: T, write: Promise<unknown>): Pending<T> {
  const written = write.then(() => undefined);
  written.catch(() => {}); // awaited by the caller; this only keeps an early failure from being "unhandled"
  return { row, written };
}

function stepRow(run: Run, type: StepDetails["type"], details: StepDetails, metadata: Record<string, string>): RunStep {
  const createdAt = new Date();
  return {
    id: newId(ID_PREFIXES.step, createdAt),
    workspaceId: run.workspaceId,
    runId: run.id,
    threadId: run.threadId,
    assistantId: run.assistantId,
    type,
    status: "in_progress",
    stepDetails: details,
    lastError: null,
    expiredAt: null,
    cancelledAt: null,
    failedAt: null,
    completedAt: null,
    metadata,
    usage: null,
    createdAt,
  };
}

const INSERT_STEP = `INSERT INTO run_steps (id, workspace_id, run_id, thread_id, assistant_id, type, status, step_details, metadata, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, 'in_progress', $7::json, $8::json, $9) ON CONFLICT (id) DO NOTHING`;

/**
 * The run's new assistant message and the step that creates it, in one statement. created_at is
 * after the thread's newest message (`after`; the thread is busy with this run, so nothing else
 * writes to it meanwhile), and the message id carries it.
 */
export function openMessage(run: Run, after: number, metadata: Record<string, string>): { message: Pending<Message>; step: RunStep } {
  const createdAt = new Date(Math.max(Date.now(), after + 1));
  const message: Message = {
    id: newId(ID_PREFIXES.message, createdAt),
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
    createdAt,
  };
  const step = stepRow(run, "message_creation", { type: "message_creation", message_creation: { message_id: message.id } }, metadata);
  const write = retryRunWrite("open message", run.id, () =>
    getPool().query(
      `WITH message AS (
         INSERT INTO messages (id, workspace_id, thread_id, role, content, status, assistant_id, run_id, attachments, metadata, created_at)
         VALUES ($10, $2, $4, 'assistant', '[]'::json, 'in_progress', $5, $3, '[]'::json, '{}'::json, $11) ON CONFLICT (id) DO NOTHING
       ) ${INSERT_STEP}`,
      [step.id, run.workspaceId, run.id, run.threadId, run.assistantId, step.type, json(step.stepDetails), json(metadata), step.createdAt, message.id, createdAt],
    ),
  );
  return { message: pending(message, write), step };
}

/** A tool-calls step, its calls filled in as they stream (saveToolCalls). */
export function openToolStep(run: Run, metadata: Record<string, string>): Pending<RunStep> {
  const step = stepRow(run, "tool_calls", { type: "tool_calls", tool_calls: [] }, metadata);
  return pending(
    step,
    retryRunWrite("open tool step", run.id, () =>
      getPool().query(INSERT_STEP, [step.id, run.workspaceId, run.id, run.threadId, run.assistantId, step.type, json(step.stepDetails), json(metadata), step.createdAt]),
    ),
  );
}

/**
 * The text so far (every couple of seconds while it streams, so a crash loses at most that), and
 * the run's status as it is now: `cancelling` set by a cancel on another instance reaches the run
 * this way even when the instances' event bus is down.
 */
export async function saveText(runId: string, messageId: string, text: string): Promise<string | null> {
  const { rows } = await retryRunWrite("save text", runId, () =>
    getPool().query<{ status: string }>({
      name: "run_save_text",
      text: "WITH saved AS (UPDATE messages SET content = $2::json WHERE id = $1 AND status = 'in_progress') SELECT status FROM runs WHERE id = $3",
      values: [messageId, json(textContent(text)), runId],
    }),
  );
  return rows[0]?.status ?? null;
}

/** The calls of a tool step as they stand (server-side outputs filled in); the step stays open. */
export async function saveToolCalls(runId: string, stepId: string, calls: StepToolCall[], usage: Usage | null): Promise<void> {
  await retryRunWrite("save tool calls", runId, () =>
    getDb().runStep.updateMany({ where: { id: stepId }, data: { stepDetails: { type: "tool_calls", tool_calls: calls }, ...(usage && { usage }) } }),
  );
}

/** The run moves from queued to in progress (a continuation, or a queued run taken up); null if it is no longer queued. */
export async function markInProgress(runId: string): Promise<Run | null> {
  const { rows } = await retryRunWrite("start run", runId, () =>
    getPool().query<Run>(`UPDATE runs SET status = 'in_progress', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'queued' RETURNING ${RUN_COLUMNS}`, [runId]),
  );
  return rows[0] ?? null;
}

/** The run's tool step left open by a wait for approvals (lib/runs/segment.ts resumes it), or null. */
export async function pendingToolStep(runId: string): Promise<RunStep | null> {
  return getDb().runStep.findFirst({ where: { runId, type: "tool_calls", status: "in_progress" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

