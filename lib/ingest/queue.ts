import "server-only";
import { PgBoss, type Job, type JobResult } from "pg-boss";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { DEFAULT_SCHEMA } from "@/lib/runs/lease/pgboss-setup";
import { ingestStoreFile, type IngestJob } from "@/lib/ingest/worker";

// Ingestion runs in the background, decoupled from the request that added the file: the request
// commits the store file `in_progress` and enqueues a job; a worker moves it to completed/failed.
// The same choice as the run queue (lib/runs/lease): pg-boss on an external Postgres (queue
// `atelier-ingest`: one job per store file, a heartbeat so a job whose process died is failed and
// retried elsewhere, retries with backoff, an expiry), or an in-process queue on the embedded
// database (one process owns it). Either way, at start-up every store file still `in_progress` is
// enqueued again: a job lost between the commit and the send, or held by a process that was
// killed, is picked up (pg-boss's exclusive policy makes the repeat a no-op while one is queued).

export const INGEST_QUEUE = "atelier-ingest";
const CONCURRENCY = 2;
const BATCH = 4;
const IN_PROCESS_ATTEMPTS = 4;
const RETRY_LIMIT = 4;

type Backend = { enqueue(job: IngestJob): Promise<void>; stop(graceMs: number): Promise<void> };

const state = globalThis as unknown as { atelierIngest?: Backend };

const keyOf = (job: IngestJob) => `${job.vectorStoreId}:${job.fileId}`;

/** Queues the store file for ingestion; before the queue started, start-up's scan will find it. */
export async function enqueueIngest(job: IngestJob): Promise<void> {
  const backend = state.atelierIngest;
  if (!backend) return;
  await backend.enqueue(job).catch((error: Error) => log.warn("could not queue a file for ingestion; the next start-up will", { ...job, error: error.message }));
}

export async function startIngest(): Promise<void> {
  if (state.atelierIngest) return;
  const env = getEnv();
  const backend = env.ATELIER_RUN_QUEUE === "in-process" || !env.DATABASE_URL ? new InProcessIngest() : await startPgBoss(env.DATABASE_URL);
  state.atelierIngest = backend;
  const { rows } = await getPool().query<IngestJob>(
    `SELECT vector_store_id AS "vectorStoreId", file_id AS "fileId" FROM vector_store_files WHERE status = 'in_progress' ORDER BY created_at`,
  );
  for (const job of rows) await backend.enqueue(job);
  if (rows.length) log.info("re-queued vector store files left in progress", { files: rows.length });
}

export async function stopIngest(graceMs: number): Promise<void> {
  const backend = state.atelierIngest;
  state.atelierIngest = undefined;
  await backend?.stop(graceMs);
}

class InProcessIngest implements Backend {
  private readonly waiting: { job: IngestJob; attempt: number }[] = [];
  private readonly known = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  async enqueue(job: IngestJob): Promise<void> {
    if (this.stopping || this.known.has(keyOf(job))) return;
    this.known.add(keyOf(job));
    this.waiting.push({ job, attempt: 1 });
    this.pump();
  }

  private pump(): void {
    while (!this.stopping && this.running.size < CONCURRENCY && this.waiting.length) {
      const { job, attempt } = this.waiting.shift()!;
      const done = ingestStoreFile(job, { finalAttempt: attempt >= IN_PROCESS_ATTEMPTS })
        .then(() => void this.known.delete(keyOf(job)))
        .catch(() => {
          // Tried again after a pause that grows: 2 s, 4 s, 8 s.
          setTimeout(() => {
            this.waiting.push({ job, attempt: attempt + 1 });
            this.pump();
          }, 1000 * 2 ** attempt).unref();
        })
        .finally(() => {
          this.running.delete(done);
          this.pump();
        });
      this.running.add(done);
    }
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    // Files not finished stay in_progress: the next start-up takes them up again.
    await Promise.race([Promise.all(this.running), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }
}

async function ingestBatch(jobs: Job<IngestJob>[]): Promise<JobResult[]> {
  const results: JobResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        try {
          await ingestStoreFile(job.data, { finalAttempt: job.retryCount >= RETRY_LIMIT, signal: job.signal });
          results.push({ id: job.id, status: "completed" });
        } catch (error) {
          results.push({ id: job.id, status: "failed", output: { message: (error as Error).message } });
        }
      }
    }),
  );
  return results;
}

async function startPgBoss(connectionString: string): Promise<Backend> {
  const boss = new PgBoss({
    connectionString,
    schema: DEFAULT_SCHEMA,
    max: 2,
    application_name: "atelier-ingest",
    schedule: false,
    superviseIntervalSeconds: 10,
    maintenanceIntervalSeconds: 300,
  });
  boss.on("error", (error: Error) => log.warn("ingest queue: pg-boss error", { error: error.message }));
  await boss.start();
  const options = {
    // One queued-or-active job per store file: re-sending (start-up's scan) is then a no-op.
    policy: "exclusive" as const,
    retryLimit: RETRY_LIMIT,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 120,
    // A worker that died (SIGKILL, lost connection) stops heartbeating: its job fails and is retried.
    heartbeatSeconds: 15,
    expireInSeconds: 3600,
    deleteAfterSeconds: 3600,
    retentionSeconds: 7 * 86_400,
  };
  await boss.createQueue(INGEST_QUEUE, options);
  const { policy: _policy, ...settings } = options;
  await boss.updateQueue(INGEST_QUEUE, settings);
  // Batches of BATCH, each job settled on its own (perJobResults): with a backlog, a full batch
  // fetches the next at once (burstWhenBatchFull) instead of waiting out the polling interval.
  await boss.work<IngestJob, unknown, { batchSize: number; pollingIntervalSeconds: number; perJobResults: true; burstWhenBatchFull: true }>(
    INGEST_QUEUE,
    { batchSize: BATCH, pollingIntervalSeconds: 1, perJobResults: true, burstWhenBatchFull: true },
    (jobs) => ingestBatch(jobs),
  );
  return {
    enqueue: async (job) => {
      await boss.send(INGEST_QUEUE, job, { singletonKey: keyOf(job) });
    },
    stop: async (graceMs) => {
      await boss.stop({ graceful: true, close: true, timeout: Math.max(1000, graceMs) });
    },
  };
}
