import "server-only";
import { PgBoss } from "pg-boss";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { DEFAULT_SCHEMA } from "@/lib/runs/lease/pgboss-setup";
import { WorkerStopped, executeTestRun } from "@/lib/assistant-tests/worker";

// Test runs execute in the background (issue 22), on the same engines as runs and ingestion: on an
// external Postgres a pg-boss queue (`atelier-test-runs`: one queued-or-active job per test run, its
// singleton key; a heartbeat, so the job of an instance that died is failed and retried on any
// instance, where the worker resumes it), on the embedded database an in-process queue. Each
// instance executes ATELIER_TEST_RUNS_PER_INSTANCE test runs at a time. A sweep, at start-up and
// every 30 s, queues test runs not over that no job holds (a job that could not be written, jobs
// that ran out of retries); the worker's resume count bounds how often one is taken up again.

export const TEST_RUN_QUEUE = "atelier-test-runs";
const SWEEP_MS = 30_000;
const SWEEP_LIMIT = 500;
const RETRY_LIMIT = 5;
/** On shutdown, how long attempts under way get to hand their runs back (cancelled) before the queue stops. */
const STOP_MS = 10_000;

type Backend = { send(ids: string[]): Promise<void>; stop(graceMs: number): Promise<void> };
type Queue = { backend?: Backend; timer?: NodeJS.Timeout; stopped: boolean; shutdown: AbortController };

const state = globalThis as unknown as { atelierTestRuns?: Queue };

/** Queues a test run just made (before the queue started, or if the job cannot be written, the sweep will). */
export async function enqueueTestRun(id: string): Promise<void> {
  const backend = state.atelierTestRuns?.backend;
  if (!backend) return;
  await backend.send([id]).catch((error: Error) => log.warn("could not queue a test run; the sweep will", { testRunId: id, error: error.message }));
}

export async function startTestRuns(): Promise<void> {
  if (state.atelierTestRuns) return;
  const queue: Queue = { stopped: false, shutdown: new AbortController() };
  state.atelierTestRuns = queue;
  await tryStart(queue, 0);
}

export async function stopTestRuns(graceMs: number): Promise<void> {
  const queue = state.atelierTestRuns;
  state.atelierTestRuns = undefined;
  if (!queue) return;
  queue.stopped = true;
  clearTimeout(queue.timer);
  // Attempts under way cancel their runs and go back to `queued`; the test run stays in progress for the next worker.
  queue.shutdown.abort();
  await queue.backend?.stop(Math.min(graceMs, STOP_MS));
}

async function tryStart(queue: Queue, failures: number): Promise<void> {
  const env = getEnv();
  try {
    const backend = env.ATELIER_RUN_QUEUE === "in-process" || !env.DATABASE_URL ? new InProcessTestRuns(queue.shutdown.signal) : await startPgBoss(env.DATABASE_URL, queue.shutdown.signal);
    if (queue.stopped) return void (await backend.stop(0));
    queue.backend = backend;
  } catch (error) {
    const delayMs = Math.min(60_000, 1000 * 2 ** failures);
    log.warn("the test run queue did not start; trying again", { error: (error as Error).message, inMs: delayMs });
    queue.timer = setTimeout(() => void tryStart(queue, failures + 1), delayMs).unref();
    return;
  }
  await sweep(queue);
}

async function sweep(queue: Queue): Promise<void> {
  if (queue.stopped || !queue.backend) return;
  try {
    const { rows } = await getPool().query<{ id: string }>(`SELECT id FROM assistant_test_runs WHERE status IN ('queued', 'in_progress') ORDER BY created_at LIMIT ${SWEEP_LIMIT}`);
    if (rows.length) await queue.backend.send(rows.map((row) => row.id));
  } catch (error) {
    log.warn("test run sweep failed; the next one will try again", { error: (error as Error).message });
  }
  if (!queue.stopped) queue.timer = setTimeout(() => void sweep(queue), SWEEP_MS).unref();
}

async function execute(id: string, signal: AbortSignal): Promise<void> {
  try {
    await executeTestRun(id, signal);
  } catch (error) {
    if (!(error instanceof WorkerStopped)) log.warn("a test run's worker failed; it will be taken up again", { testRunId: id, error: (error as Error).message });
    throw error;
  }
}

class InProcessTestRuns implements Backend {
  private readonly held = new Set<string>();
  private readonly waiting: { id: string; failures: number }[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly signal: AbortSignal) {}

  async send(ids: string[]): Promise<void> {
    for (const id of ids) this.add(id, 0);
  }

  private add(id: string, failures: number): void {
    if (this.signal.aborted || this.held.has(id)) return;
    this.held.add(id);
    this.waiting.push({ id, failures });
    this.pump();
  }

  private pump(): void {
    while (!this.signal.aborted && this.running.size < getEnv().ATELIER_TEST_RUNS_PER_INSTANCE && this.waiting.length) {
      const { id, failures } = this.waiting.shift()!;
      const done = execute(id, this.signal)
        .then(() => void this.held.delete(id))
        .catch(() => {
          this.held.delete(id);
          // Taken up again after a pause that grows (2, 4, 8… s); past the retries, the next sweep does.
          if (failures < RETRY_LIMIT) setTimeout(() => this.add(id, failures + 1), 2000 * 2 ** failures).unref();
        })
        .finally(() => {
          this.running.delete(done);
          this.pump();
        });
      this.running.add(done);
    }
  }

  async stop(graceMs: number): Promise<void> {
    await Promise.race([Promise.all(this.running), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }
}

async function startPgBoss(connectionString: string, shutdown: AbortSignal): Promise<Backend> {
  const boss = new PgBoss({ connectionString, schema: DEFAULT_SCHEMA, max: 2, application_name: "atelier-test-runs", schedule: false, superviseIntervalSeconds: 10, maintenanceIntervalSeconds: 300 });
  boss.on("error", (error: Error) => log.warn("test run queue: pg-boss error", { error: error.message }));
  try {
    await boss.start();
    const options = {
      // One queued-or-active job per test run: the sweep and a second instance sending it again are no-ops.
      policy: "exclusive" as const,
      retryLimit: RETRY_LIMIT,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
      // A worker that died stops heartbeating: its job fails and is retried, on any instance, which resumes the test run.
      heartbeatSeconds: 15,
      expireInSeconds: 6 * 3600,
      deleteAfterSeconds: 3600,
      retentionSeconds: 7 * 86_400,
    };
    await boss.createQueue(TEST_RUN_QUEUE, options);
    const { policy: _policy, ...settings } = options;
    await boss.updateQueue(TEST_RUN_QUEUE, settings);
    await boss.work<{ testRunId: string }>(
      TEST_RUN_QUEUE,
      { batchSize: 1, localConcurrency: getEnv().ATELIER_TEST_RUNS_PER_INSTANCE, pollingIntervalSeconds: 2 },
      async ([job]) => execute(job!.data.testRunId, AbortSignal.any([job!.signal, shutdown])),
    );
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw error;
  }
  return {
    send: async (ids) => {
      await boss.insert(
        TEST_RUN_QUEUE,
        ids.map((testRunId) => ({ data: { testRunId }, singletonKey: testRunId })),
      );
    },
    stop: async (graceMs) => {
      await boss.stop({ graceful: true, close: true, timeout: Math.max(1000, graceMs) });
    },
  };
}
