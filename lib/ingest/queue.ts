import "server-only";
import type pg from "pg";
import { PgBoss, type Db, type Job, type JobInsert, type JobResult } from "pg-boss";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { DEFAULT_SCHEMA } from "@/lib/runs/lease/pgboss-setup";
import { storeFilesWithoutJobSql } from "@/lib/runs/lease/pgboss-layout";
import { LOST_WORKER_ERROR, sweepAction, type SweptFile } from "@/lib/ingest/outcome";
import { failStoreFile, ingestStoreFile, storeFileKey, type IngestJob } from "@/lib/ingest/worker";

// Ingestion runs in the background, decoupled from the request that added the file: the request
// writes the store file `in_progress` and its job in ONE transaction; a worker moves it to
// completed/failed. The same choice as the run queue (lib/runs/lease): pg-boss on an external
// Postgres (queue `atelier-ingest`: one queued-or-active job per store file, its singleton key; a
// heartbeat, so the job of a process that died is failed and retried, on any instance; retries with
// backoff), or an in-process queue on the embedded database (one process owns it).
//
// A sweep, at start-up and every ATELIER_INGEST_SWEEP_SECONDS on every instance, finds what the
// queue lost (sweepAction): store files `in_progress` with no job waiting or working (a job that
// could not be written, rows left by an old process), and those whose attempts ran out without the
// worker recording an outcome (killed on its last attempt). It never touches a file a live job has,
// so a second instance starting does not ingest again what the first is ingesting.

export const INGEST_QUEUE = "atelier-ingest";
const CONCURRENCY = 2;
const BATCH = 4;
const IN_PROCESS_ATTEMPTS = 4;
const RETRY_LIMIT = 4;
const SWEEP_LIMIT = 1000;

type Queryable = Pick<pg.PoolClient, "query">;

type Backend = {
  /** Queues the jobs inside the caller's transaction where the queue lives in the database; resolves to what to do once it commits. */
  enqueue(client: Queryable, jobs: IngestJob[]): Promise<() => void>;
  sweep(): Promise<void>;
  stop(graceMs: number): Promise<void>;
};

type Ingest = { backend?: Backend; timer?: NodeJS.Timeout; stopped: boolean };

const state = globalThis as unknown as { atelierIngest?: Ingest };

/**
 * Queues store files for ingestion, inside the transaction that writes their rows (`client`); call
 * what it resolves to after the commit. Before the queue started, or if the job cannot be written,
 * the rows still commit and the sweep queues them.
 */
export async function enqueueIngest(client: Queryable, jobs: IngestJob[]): Promise<() => void> {
  const backend = state.atelierIngest?.backend;
  if (!backend || jobs.length === 0) return () => {};
  return backend.enqueue(client, jobs);
}

/** Starts the queue and its sweep; never throws: a database not there yet is tried again, with backoff. */
export async function startIngest(): Promise<void> {
  if (state.atelierIngest) return;
  const ingest: Ingest = { stopped: false };
  state.atelierIngest = ingest;
  await tryStart(ingest, 0);
}

export async function stopIngest(graceMs: number): Promise<void> {
  const ingest = state.atelierIngest;
  state.atelierIngest = undefined;
  if (!ingest) return;
  ingest.stopped = true;
  clearTimeout(ingest.timer);
  await ingest.backend?.stop(graceMs);
}

async function tryStart(ingest: Ingest, attempt: number): Promise<void> {
  const env = getEnv();
  try {
    const backend = env.ATELIER_RUN_QUEUE === "in-process" || !env.DATABASE_URL ? new InProcessIngest() : await startPgBoss(env.DATABASE_URL);
    if (ingest.stopped) return void (await backend.stop(0));
    ingest.backend = backend;
  } catch (error) {
    const delayMs = Math.min(60_000, 1000 * 2 ** attempt);
    log.warn("the ingestion queue did not start; trying again", { error: (error as Error).message, inMs: delayMs });
    ingest.timer = setTimeout(() => void tryStart(ingest, attempt + 1), delayMs).unref();
    return;
  }
  await sweep(ingest);
}

/** One sweep, then the next one ATELIER_INGEST_SWEEP_SECONDS later (a failed sweep is only logged). */
async function sweep(ingest: Ingest): Promise<void> {
  if (ingest.stopped || !ingest.backend) return;
  await ingest.backend.sweep().catch((error: Error) => log.warn("ingestion sweep failed; the next one will try again", { error: error.message }));
  if (!ingest.stopped) ingest.timer = setTimeout(() => void sweep(ingest), getEnv().ATELIER_INGEST_SWEEP_SECONDS * 1000).unref();
}

class InProcessIngest implements Backend {
  private readonly waiting: { job: IngestJob; attempt: number }[] = [];
  private readonly known = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  // Nothing to write with the rows: one process owns the database, so a crash before the queue
  // has them is a restart, whose sweep finds them.
  async enqueue(_client: Queryable, jobs: IngestJob[]): Promise<() => void> {
    return () => jobs.forEach((job) => this.add(job));
  }

  async sweep(): Promise<void> {
    const { rows } = await getPool().query<IngestJob>(
      `SELECT vector_store_id AS "vectorStoreId", file_id AS "fileId" FROM vector_store_files WHERE status = 'in_progress' ORDER BY created_at LIMIT ${SWEEP_LIMIT}`,
    );
    const added = rows.filter((job) => this.add(job)).length;
    if (added) log.info("queued vector store files left in progress", { files: added });
  }

  private add(job: IngestJob): boolean {
    if (this.stopping || this.known.has(storeFileKey(job))) return false;
    this.known.add(storeFileKey(job));
    this.waiting.push({ job, attempt: 1 });
    this.pump();
    return true;
  }

  private pump(): void {
    while (!this.stopping && this.running.size < CONCURRENCY && this.waiting.length) {
      const { job, attempt } = this.waiting.shift()!;
      const done = ingestStoreFile(job, { finalAttempt: attempt >= IN_PROCESS_ATTEMPTS })
        .then(() => void this.known.delete(storeFileKey(job)))
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
    // Files not finished stay in_progress: the next start-up's sweep takes them up again.
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
          await ingestStoreFile(job.data, { finalAttempt: Boolean(job.data.lastChance) || job.retryCount >= RETRY_LIMIT, signal: job.signal });
          results.push({ id: job.id, status: "completed" });
        } catch (error) {
          results.push({ id: job.id, status: "failed", output: { message: (error as Error).message } });
        }
      }
    }),
  );
  return results;
}

/** The sweep's extra attempt is the file's last: it gets no retries of its own. */
const toInsert = (job: IngestJob): JobInsert<IngestJob> => ({ data: job, singletonKey: storeFileKey(job), ...(job.lastChance && { retryLimit: 0 }) });

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
  try {
    await boss.start();
    const options = {
      // One queued-or-active job per store file (the singleton key): sending again is a no-op.
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
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw error;
  }
  return {
    enqueue: async (client, jobs) => {
      // Under a savepoint: a job that cannot be written must not undo the rows (the sweep queues them).
      await client.query("SAVEPOINT atelier_ingest_enqueue");
      try {
        const db: Db = { executeSql: (text, values) => client.query(text, values) };
        await boss.insert(INGEST_QUEUE, jobs.map(toInsert), { db });
        await client.query("RELEASE SAVEPOINT atelier_ingest_enqueue");
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT atelier_ingest_enqueue");
        log.warn("could not queue files for ingestion; the sweep will", { files: jobs.length, error: (error as Error).message });
      }
      return () => {};
    },
    sweep: async () => {
      const { rows } = await getPool().query<SweptFile & IngestJob>(storeFilesWithoutJobSql(DEFAULT_SCHEMA), [INGEST_QUEUE, SWEEP_LIMIT]);
      const send: IngestJob[] = [];
      for (const row of rows) {
        const job = { vectorStoreId: row.vectorStoreId, fileId: row.fileId };
        const action = sweepAction(row);
        if (action === "give_up") await failStoreFile(job, LOST_WORKER_ERROR);
        else send.push(action === "last_chance" ? { ...job, lastChance: true } : job);
      }
      // Another instance sweeping at the same moment sends the same jobs: the singleton keys keep one.
      if (send.length) await boss.insert(INGEST_QUEUE, send.map(toInsert));
      if (rows.length) log.info("ingestion sweep queued vector store files no job had", { files: send.length, failed: rows.length - send.length });
    },
    stop: async (graceMs) => {
      await boss.stop({ graceful: true, close: true, timeout: Math.max(1000, graceMs) });
    },
  };
}
