import "server-only";
import { getDb, getPool } from "@/lib/db";
import { Prisma, type Message, type Run, type RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { log } from "@/lib/log";
import type { MessageContentPart } from "@/lib/messages/schema";
import { withDbRetry } from "@/lib/runs/data/retry";
import { RUN_COLUMNS } from "@/lib/runs/data/runs";
import type { LastError, StepDetails, StepToolCall, Usage } from "@/lib/runs/wire";
import { toWellFormed } from "@/lib/unicode";

// The run engine's writes while a run executes (lib/runs/segment.ts calls them through its
// SegmentStore interface): its message and steps as they are created, its text every few seconds,
// and its end, written in one transaction so the run, its message and its steps always agree.
// Each is idempotent and retried through connection faults (lib/runs/data/retry.ts).

const retry = <T>(what: string, runId: string, fn: () => Promise<T>) =>
  withDbRetry(fn, { onRetry: (error, attempt, delayMs) => log.warn("retrying a run write after a database fault", { what, runId, attempt, delayMs, error: (error as Error).message }) });

// A model's text is stored well-formed: a lone surrogate from a provider's JSON would break every
// jsonb read of the thread (lib/unicode.ts). A pair split between two writes is whole in the next one.
export const textContent = (value: string): MessageContentPart[] => [{ type: "text", text: { value: toWellFormed(value), annotations: [] } }];

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
  const write = retry("open message", run.id, () =>
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
    retry("open tool step", run.id, () =>
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
  const { rows } = await retry("save text", runId, () =>
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
  await retry("save tool calls", runId, () =>
    getDb().runStep.updateMany({ where: { id: stepId }, data: { stepDetails: { type: "tool_calls", tool_calls: calls }, ...(usage && { usage }) } }),
  );
}

/** `in_progress`: the step stays open (a tool step waiting for outputs), its details and usage saved. */
export type StepEnd = { id: string; status: "completed" | "failed" | "cancelled" | "in_progress"; lastError?: LastError; usage?: Usage; details?: StepDetails };
export type MessageEnd = { id: string; text: string; reason: "run_cancelled" | "run_failed" | "max_tokens" | null };
export type SegmentEnd = {
  run: Run;
  /** The run's new fields (status and what goes with it). */
  data: Prisma.RunUpdateInput;
  /** The statuses the run may be in for this write to apply (else someone else ended it first). */
  from: readonly string[];
  message?: MessageEnd;
  steps: StepEnd[];
  /** Any other step of the run still open ends like this (a step from a segment cut short). */
  closeOthers?: "failed" | "cancelled";
};

const stepStamp = (status: StepEnd["status"], at: Date) =>
  status === "completed" ? { completedAt: at } : status === "failed" ? { failedAt: at } : status === "cancelled" ? { cancelledAt: at } : {};

/**
 * A stretch's end in one transaction: the run's status, its message (text and status) and its
 * steps. Conditional on the run's status (`from`), so a second writer (a retry, the instance that
 * took over an orphan, a cancel) changes nothing: null then, and the caller reads what is there.
 */
export async function endSegment(end: SegmentEnd): Promise<{ run: Run; message: Message | null; steps: RunStep[] } | null> {
  const at = new Date();
  return retry("end run", end.run.id, () =>
    getDb().$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({ where: { id: end.run.id, status: { in: [...end.from] } }, data: end.data as Prisma.RunUpdateManyMutationInput });
      if (count === 0) return null;
      let message: Message | null = null;
      if (end.message) {
        const { id, text, reason } = end.message;
        const status = reason ? "incomplete" : "completed";
        const data = { content: textContent(text) as Prisma.InputJsonValue, status, ...(reason ? { incompleteAt: at, incompleteDetails: { reason } } : { completedAt: at }) };
        const updated = await tx.message.updateMany({ where: { id, status: "in_progress" }, data });
        if (updated.count) message = await tx.message.findUnique({ where: { id } });
      }
      for (const step of end.steps) {
        await tx.runStep.updateMany({
          where: { id: step.id, status: "in_progress" },
          data: {
            status: step.status,
            ...stepStamp(step.status, at),
            ...(step.lastError && { lastError: step.lastError }),
            ...(step.usage && { usage: step.usage }),
            ...(step.details && { stepDetails: step.details as Prisma.InputJsonValue }),
          },
        });
      }
      if (end.closeOthers) {
        const others = end.closeOthers;
        await tx.runStep.updateMany({ where: { runId: end.run.id, status: "in_progress" }, data: { status: others, ...stepStamp(others, at) } });
        await tx.message.updateMany({ where: { runId: end.run.id, status: "in_progress" }, data: { status: "incomplete", incompleteAt: at, incompleteDetails: { reason: others === "cancelled" ? "run_cancelled" : "run_failed" } } });
      }
      const steps = end.steps.length ? await tx.runStep.findMany({ where: { id: { in: end.steps.map((step) => step.id) } }, orderBy: { createdAt: "asc" } }) : [];
      const run = await tx.run.findUniqueOrThrow({ where: { id: end.run.id } });
      return { run, message, steps };
    }),
  );
}

/** The run moves from queued to in progress (a continuation, or a queued run taken up); null if it is no longer queued. */
export async function markInProgress(runId: string): Promise<Run | null> {
  const { rows } = await retry("start run", runId, () =>
    getPool().query<Run>(`UPDATE runs SET status = 'in_progress', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'queued' RETURNING ${RUN_COLUMNS}`, [runId]),
  );
  return rows[0] ?? null;
}

