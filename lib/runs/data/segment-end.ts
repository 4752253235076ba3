import "server-only";
import { getPool } from "@/lib/db";
import type { Message, Run, RunStep } from "@/lib/generated/prisma/client";
import { RUN_COLUMNS } from "@/lib/runs/data/runs";
import { retryRunWrite, textContent } from "@/lib/runs/data/segment-store";
import type { LastError, StepDetails, Usage } from "@/lib/runs/wire";

// A stretch's end (lib/runs/segment.ts): the run's new status, its message and its steps, in one
// statement, so they always agree. Conditional on the run's status (`from`): a second writer (a
// retry, the instance that took over an orphan, a cancel) changes nothing, gets null, and reads
// what is there. One statement rather than a transaction of seven: it was Prisma's most expensive
// write per run (~40 ms of CPU in bench:runs) and held a pooled connection for eight round trips,
// which under a burst of 200 ending runs left others waiting for a connection.

/** `in_progress`: the step stays open (a tool step waiting for outputs), its details and usage saved. */
export type StepEnd = { id: string; status: "completed" | "failed" | "cancelled" | "in_progress"; lastError?: LastError; usage?: Usage; details?: StepDetails };
/** `annotations`: the text's file citations (lib/runs/citations.ts), stored with it. */
/** `images`: the charts the code interpreter drew for it, File ids, as image_file parts after the text. */
export type MessageEnd = { id: string; text: string; reason: "run_cancelled" | "run_failed" | "max_tokens" | null; annotations?: object[]; images?: string[] };

/** The run columns a stretch's end may set. */
export type RunEndFields = {
  status?: string;
  completedAt?: Date;
  failedAt?: Date;
  cancelledAt?: Date;
  lastError?: LastError;
  incompleteDetails?: { reason: string };
  usage?: Usage;
  modelCalls?: unknown;
  requiredAction?: unknown;
  expiresAt?: Date | null;
};

export type SegmentEnd = {
  run: Run;
  /** The run's new fields (status and what goes with it). */
  data: RunEndFields;
  /** The statuses the run may be in for this write to apply (else someone else ended it first). */
  from: readonly string[];
  message?: MessageEnd;
  steps: StepEnd[];
  /** Any other step or message of the run still open ends like this (one from a stretch cut short). */
  closeOthers?: "failed" | "cancelled";
};

const RUN_FIELD_COLUMNS: Record<keyof RunEndFields, [column: string, cast: string]> = {
  status: ["status", "text"],
  completedAt: ["completed_at", "timestamptz"],
  failedAt: ["failed_at", "timestamptz"],
  cancelledAt: ["cancelled_at", "timestamptz"],
  lastError: ["last_error", "json"],
  incompleteDetails: ["incomplete_details", "json"],
  usage: ["usage", "json"],
  modelCalls: ["model_calls", "json"],
  requiredAction: ["required_action", "json"],
  expiresAt: ["expires_at", "timestamptz"],
};

const MESSAGE_JSON = `json_build_object('id', id, 'workspaceId', workspace_id, 'threadId', thread_id, 'role', role, 'content', content,
  'status', status, 'incompleteDetails', incomplete_details, 'completedAt', completed_at, 'incompleteAt', incomplete_at,
  'assistantId', assistant_id, 'runId', run_id, 'attachments', attachments, 'metadata', metadata, 'createdAt', created_at)`;
const STEP_JSON = `json_build_object('id', id, 'workspaceId', workspace_id, 'runId', run_id, 'threadId', thread_id, 'assistantId', assistant_id,
  'type', type, 'status', status, 'stepDetails', step_details, 'lastError', last_error, 'expiredAt', expired_at, 'cancelledAt', cancelled_at,
  'failedAt', failed_at, 'completedAt', completed_at, 'metadata', metadata, 'usage', usage, 'createdAt', created_at)`;
const STAMPS = (status: string, at: string) => `completed_at = CASE WHEN ${status} = 'completed' THEN ${at} ELSE completed_at END,
    failed_at = CASE WHEN ${status} = 'failed' THEN ${at} ELSE failed_at END,
    cancelled_at = CASE WHEN ${status} = 'cancelled' THEN ${at} ELSE cancelled_at END`;

const messageContent = (message: MessageEnd) => [
  ...textContent(message.text, message.annotations),
  ...(message.images ?? []).map((file_id) => ({ type: "image_file" as const, image_file: { file_id, detail: "auto" as const } })),
];

/** The statement and its values for `end` at time `at` (exported for its unit test). */
export function endStatement(end: SegmentEnd, at: Date): { text: string; values: unknown[] } {
  const values: unknown[] = [end.run.id, [...end.from], at];
  const param = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
  const sets = Object.entries(end.data)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => {
      const [column, cast] = RUN_FIELD_COLUMNS[field as keyof RunEndFields];
      return `${column} = ${param(cast === "json" && value !== null ? JSON.stringify(value) : value, cast)}`;
    });
  if (!sets.length) throw new Error("endStatement: nothing to set on the run");
  const stepIds = end.steps.map((step) => step.id);
  const ids = param(stepIds, "text[]");
  const message = end.message;
  // Added only where used: a parameter no statement part mentions has no type, which Postgres refuses.
  let messageParam: string | null = null;
  const messageId = () => (messageParam ??= param(message?.id ?? null, "text"));
  const ctes = [
    `run AS (UPDATE runs SET ${sets.join(", ")} WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${RUN_COLUMNS})`,
    message
      ? `message AS (UPDATE messages SET content = ${param(JSON.stringify(messageContent(message)), "json")},
          status = ${param(message.reason ? "incomplete" : "completed", "text")},
          ${message.reason ? `incomplete_at = $3, incomplete_details = ${param(JSON.stringify({ reason: message.reason }), "json")}` : "completed_at = $3"}
          WHERE id = ${messageId()} AND status = 'in_progress' AND EXISTS (SELECT 1 FROM run) RETURNING *)`
      : `message AS (SELECT * FROM messages WHERE false)`,
    `step_end AS (UPDATE run_steps s SET status = v.status, ${STAMPS("v.status", "$3")},
        last_error = coalesce(v.last_error, s.last_error), usage = coalesce(v.usage, s.usage), step_details = coalesce(v.details, s.step_details)
      FROM json_to_recordset(${param(JSON.stringify(end.steps.map((step) => ({ id: step.id, status: step.status, last_error: step.lastError ?? null, usage: step.usage ?? null, details: step.details ?? null }))), "json")})
        AS v(id text, status text, last_error json, usage json, details json)
      WHERE s.id = v.id AND s.status = 'in_progress' AND EXISTS (SELECT 1 FROM run) RETURNING s.*)`,
  ];
  if (end.closeOthers) {
    const others = param(end.closeOthers, "text");
    ctes.push(
      `other_steps AS (UPDATE run_steps SET status = ${others}, ${STAMPS(others, "$3")}
        WHERE run_id = $1 AND status = 'in_progress' AND id <> ALL(${ids}) AND EXISTS (SELECT 1 FROM run))`,
      `other_messages AS (UPDATE messages SET status = 'incomplete', incomplete_at = $3,
          incomplete_details = ${param(JSON.stringify({ reason: end.closeOthers === "cancelled" ? "run_cancelled" : "run_failed" }), "json")}
        WHERE run_id = $1 AND status = 'in_progress' AND id IS DISTINCT FROM ${messageId()} AND EXISTS (SELECT 1 FROM run))`,
    );
  }
  // Data-modifying CTEs do not see each other's changes: the steps are read from step_end for
  // those it changed and from the table for the rest (already ended by someone else).
  const text = `WITH ${ctes.join(",\n")}
    SELECT run.*,
      (SELECT ${MESSAGE_JSON} FROM message) AS "__message",
      (SELECT coalesce(json_agg(step ORDER BY created_at, id), '[]') FROM (
         SELECT ${STEP_JSON} AS step, created_at, id FROM step_end
         UNION ALL SELECT ${STEP_JSON}, created_at, id FROM run_steps WHERE id = ANY(${ids}) AND id NOT IN (SELECT id FROM step_end)
       ) steps) AS "__steps"
    FROM run`;
  return { text, values };
}

const DATE_FIELDS = ["completedAt", "incompleteAt", "expiredAt", "cancelledAt", "failedAt", "createdAt"] as const;

/** A row read back as JSON: its timestamps made Dates again, as Prisma returns them. */
function revive<T>(row: Record<string, unknown>): T {
  for (const field of DATE_FIELDS) if (typeof row[field] === "string") row[field] = new Date(row[field] as string);
  return row as T;
}

export async function endSegment(end: SegmentEnd): Promise<{ run: Run; message: Message | null; steps: RunStep[] } | null> {
  const { text, values } = endStatement(end, new Date());
  const { rows } = await retryRunWrite("end run", end.run.id, () =>
    getPool().query<Run & { __message: Record<string, unknown> | null; __steps: Record<string, unknown>[] }>(text, values),
  );
  const row = rows[0];
  if (!row) return null;
  const { __message, __steps, ...run } = row;
  return { run: run as Run, message: __message ? revive<Message>(__message) : null, steps: __steps.map((step) => revive<RunStep>(step)) };
}
