import "server-only";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { runAttempt, type AttemptResult } from "@/lib/assistant-tests/attempt";
import { attemptIO, judgeIO, testRunCaller } from "@/lib/assistant-tests/attempt-io";
import type { AttemptSpec } from "@/lib/assistant-tests/run-wire";

// Executes one test run (issue 22), for whichever queue hands it out (lib/assistant-tests/queue.ts):
// claims it (`queued` → `in_progress`), then runs its queued attempts, `concurrency` at a time, each
// taken with SKIP LOCKED and written back only while it is still `running`. A test run taken up again
// after its worker died (a lapsed pg-boss heartbeat, a restart) puts that worker's `running` attempts
// back in the queue and goes on: what was decided stays decided. One that kept killing its workers
// is failed after MAX_RESUMES. A cancel is a status the worker reads every second; a worker told to
// stop (shutdown, a lost claim) leaves its unfinished attempts queued for the next one.

export const MAX_RESUMES = 3;
const CANCEL_POLL_MS = 1000;

type ClaimedRun = { id: string; workspace_id: string; assistant_id: string; assistant_version: number; overrides: Record<string, unknown> | null; concurrency: number; judge_model: string | null; repeat: number; resumes: number };
type ClaimedAttempt = { id: string; test_id: string; test_name: string; attempt: number; spec: AttemptSpec };

export class WorkerStopped extends Error {}

async function claim(testRunId: string): Promise<ClaimedRun | null> {
  const { rows } = await getPool().query<ClaimedRun>(
    `UPDATE assistant_test_runs SET status = 'in_progress', started_at = COALESCE(started_at, now()), resumes = resumes + (CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END)
      WHERE id = $1 AND status IN ('queued', 'in_progress')
      RETURNING id, workspace_id, assistant_id, assistant_version, overrides, concurrency, judge_model, repeat, resumes`,
    [testRunId],
  );
  return rows[0] ?? null;
}

async function giveUp(run: ClaimedRun): Promise<void> {
  const message = `The test run stopped before it finished ${MAX_RESUMES + 1} times (its worker was stopped or lost the database each time), so it was given up.`;
  await getPool().query(
    `WITH run AS (UPDATE assistant_test_runs SET status = 'failed', last_error = $2, ended_at = now() WHERE id = $1 AND status = 'in_progress' RETURNING id)
     UPDATE assistant_test_results SET status = 'errored', error = $2, ended_at = now() WHERE test_run_id IN (SELECT id FROM run) AND status IN ('queued', 'running')`,
    [run.id, message],
  );
  log.warn("gave up a test run that kept stopping", { testRunId: run.id, resumes: run.resumes });
}

async function nextAttempt(testRunId: string): Promise<ClaimedAttempt | null> {
  const { rows } = await getPool().query<ClaimedAttempt>(
    `UPDATE assistant_test_results SET status = 'running', started_at = now()
      WHERE id = (SELECT id FROM assistant_test_results WHERE test_run_id = $1 AND status = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        AND EXISTS (SELECT 1 FROM assistant_test_runs WHERE id = $1 AND status = 'in_progress')
      RETURNING id, test_id, test_name, attempt, spec`,
    [testRunId],
  );
  return rows[0] ?? null;
}

async function record(attemptId: string, result: AttemptResult): Promise<void> {
  await getPool().query(
    `UPDATE assistant_test_results SET status = $2, thread_id = COALESCE($3, thread_id), turns = $4::json, outcomes = $5::json, usage = $6::json, latency_ms = $7, error = $8, ended_at = now()
      WHERE id = $1 AND status = 'running'`,
    [attemptId, result.status, result.thread_id, JSON.stringify(result.turns), JSON.stringify(result.outcomes), result.usage ? JSON.stringify(result.usage) : null, result.latency_ms === null ? null : Math.round(result.latency_ms), result.error],
  );
}

export async function executeTestRun(testRunId: string, stop: AbortSignal): Promise<void> {
  const run = await claim(testRunId);
  if (!run) return;
  if (run.resumes > MAX_RESUMES) return giveUp(run);
  // Attempts a worker that died left `running` start again (their threads stay, unused).
  const { rowCount } = await getPool().query(`UPDATE assistant_test_results SET status = 'queued', started_at = NULL WHERE test_run_id = $1 AND status = 'running'`, [run.id]);
  if (run.resumes > 0) log.info("resumed a test run", { testRunId: run.id, resumes: run.resumes, attemptsAgain: rowCount ?? 0 });

  let cancelled = false;
  const watch = setInterval(() => {
    getPool()
      .query<{ status: string }>(`SELECT status FROM assistant_test_runs WHERE id = $1`, [run.id])
      .then(({ rows }) => void (cancelled ||= rows[0]?.status !== "in_progress"))
      .catch(() => {});
  }, CANCEL_POLL_MS);
  watch.unref();
  const caller = testRunCaller(run.workspace_id, run.id);
  const judge = judgeIO(run.workspace_id, run.judge_model);
  const runBody = { assistant_id: run.assistant_id, assistant_version: run.assistant_version, ...(run.overrides ?? {}) };
  const lanes = Math.max(1, Math.min(run.concurrency || getEnv().ATELIER_TEST_CONCURRENCY, getEnv().ATELIER_TEST_CONCURRENCY));

  const lane = async () => {
    while (!stop.aborted && !cancelled) {
      const attempt = await nextAttempt(run.id);
      if (!attempt) return;
      const title = run.repeat > 1 ? `Test · ${attempt.test_name} · #${attempt.attempt}` : `Test · ${attempt.test_name}`;
      const io = attemptIO({ caller, assistantId: run.assistant_id, title, judge, cancelled: () => cancelled || stop.aborted, metadata: { test_run_id: run.id, test_id: attempt.test_id } });
      // The thread is on the result as soon as it exists, so a running attempt can be watched.
      const createThread = io.createThread;
      io.createThread = async () => {
        const threadId = await createThread();
        await getPool().query(`UPDATE assistant_test_results SET thread_id = $2 WHERE id = $1`, [attempt.id, threadId]);
        return threadId;
      };
      const result = await runAttempt({ turns: attempt.spec.turns, assertions: attempt.spec.assertions, mockOutputs: attempt.spec.mock_outputs, runBody }, io);
      if (stop.aborted && !cancelled) {
        // Stopped, not decided: the next worker runs it again.
        await getPool().query(`UPDATE assistant_test_results SET status = 'queued', started_at = NULL WHERE id = $1 AND status = 'running'`, [attempt.id]);
        return;
      }
      await record(attempt.id, result);
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    clearInterval(watch);
  }
  if (stop.aborted && !cancelled) throw new WorkerStopped("the worker stopped before the test run finished; it goes on elsewhere");
  // Cancelled: attempts not started were cancelled with the run. Otherwise every attempt is decided.
  await getPool().query(
    `WITH run AS (UPDATE assistant_test_runs SET status = 'completed', ended_at = now() WHERE id = $1 AND status = 'in_progress' RETURNING id)
     UPDATE assistant_test_results SET status = 'cancelled', error = 'The test run was cancelled.', ended_at = now() WHERE test_run_id = $1 AND status = 'queued' AND NOT EXISTS (SELECT 1 FROM run)`,
    [run.id],
  );
}
