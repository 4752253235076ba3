import type { Run } from "@/lib/generated/prisma/client";

// A run's model calls as the engine records them (runs.model_calls): one per segment, the one
// before tool outputs and each one after. Written with the run's status when the segment ends, so
// recording them costs no write of its own. The run object carries them, with the run's own start
// and end to the millisecond, as the `timings` extension: the API's timestamps are whole seconds,
// too coarse for a time to first token.

/** One model call; times in milliseconds since the epoch. */
export type ModelCall = {
  /** When the request went to the model. */
  started_at: number;
  /** Its first text or tool-call token; null when none came (it failed, was cancelled, said nothing). */
  first_token_at: number | null;
  /** When its stream ended (finished, failed or cancelled). */
  ended_at: number;
  completion_tokens: number;
};

/** Atelier extension on the run object: `created_at`/`ended_at` as the run's, in milliseconds. */
export type RunTimings = {
  created_at: number;
  /** When the run ended (completed, failed, cancelled, incomplete, expired); null while it is not over. */
  ended_at: number | null;
  model_calls: ModelCall[];
};

export const modelCallsOf = (row: Pick<Run, "modelCalls">): ModelCall[] => (Array.isArray(row.modelCalls) ? (row.modelCalls as ModelCall[]) : []);

/**
 * The end of a run that is over. `incomplete` has no timestamp of its own: it ended with its last
 * model call. `expired` ended at its deadline.
 */
function endOf(row: Run, calls: readonly ModelCall[]): number | null {
  const stamp = row.completedAt ?? row.failedAt ?? row.cancelledAt;
  if (stamp) return stamp.getTime();
  if (row.status === "incomplete") return calls.at(-1)?.ended_at ?? row.startedAt?.getTime() ?? row.createdAt.getTime();
  if (row.status === "expired") return row.expiresAt?.getTime() ?? null;
  return null;
}

export function toRunTimings(row: Run): RunTimings {
  const calls = modelCallsOf(row);
  return { created_at: row.createdAt.getTime(), ended_at: endOf(row, calls), model_calls: calls };
}
