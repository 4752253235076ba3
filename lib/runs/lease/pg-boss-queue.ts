import type pg from "pg";
import type { Db, Job, JobResult, PgBoss } from "pg-boss";
import { log } from "@/lib/log";
import { LeaseBook, type HeldLease } from "@/lib/runs/lease/lease-book";
import { claimJobSql, heldJobSql, leaselessRunsSql, missingJobsSql, notifyChannel } from "@/lib/runs/lease/pgboss-layout";
import { createBoss, DEFAULT_SCHEMA, ensureQueues, ORPHANS_QUEUE, RUNS_QUEUE, settleLease, type JobRef, type RunJob } from "@/lib/runs/lease/pgboss-setup";
import { admitLocally, backlogAfterFetch, LEASE_TIMINGS, lostInTouch, staleLeases, timingProblem, type LeaseTimings } from "@/lib/runs/lease/rules";
import type { Lease, LeaseOutcome, LocalStart, RunQueue, RunQueueOptions } from "@/lib/runs/lease/types";

// Run leases as pg-boss jobs. A run being executed is an `active` job on the runs queue, touched
// (heartbeat) every couple of seconds, in one statement for every lease this instance holds. When
// an owner stops touching, pg-boss's monitor fails the job on its next pass and moves it to the
// orphans queue (the runs queue's dead letter queue), whose worker, on whichever instance fetches
// it first, calls resolveOrphan. Queued runs (backlog, handoffs, runs continued after tool outputs)
// are `created` jobs; instances with room fetch them, oldest first. See docs/architecture.md, "Run ownership".

/** Queued runs taken per fetch at most; more come in the next fetch while room lasts. */
const MAX_FETCH_BATCH = 50;
/** Orphans resolved per fetch of the orphans queue. */
const ORPHAN_BATCH = 20;
/** After the grace, holders get this long to stop (their signal aborted) before their runs are handed over. */
const SHUTDOWN_SETTLE_MS = 1_000;

export type PgBossRunQueueOptions = RunQueueOptions & {
  connectionString: string;
  /** Where pg-boss keeps its tables; default `pgboss`. */
  schema?: string;
  /** The pool the fast path's one statement runs on (the app's warm pool); default pg-boss's own. */
  claimPool?: pg.Pool;
  /** pg-boss's own connections (heartbeats, fetches, monitor); default 4. */
  poolSize?: number;
  timings?: LeaseTimings;
};

type ListenHandle = Awaited<ReturnType<NonNullable<Db["listen"]>>>;

export async function startPgBossRunQueue(options: PgBossRunQueueOptions): Promise<PgBossRunQueue> {
  const queue = new PgBossRunQueue(options);
  await queue.start();
  return queue;
}

export class PgBossRunQueue implements RunQueue {
  readonly kind = "pg-boss";
  readonly boss: PgBoss;
  private readonly schema: string;
  private readonly timings: LeaseTimings;
  private readonly book: LeaseBook<JobRef>;
  private stopping = false;
  private stopped?: Promise<void>;
  // Queued runs may be waiting (older than a run accepted now): until a fetch comes back short.
  private backlogLikely = true;
  private fetching = false;
  private fetchAgain = false;
  private fetchRun?: Promise<void>;
  private touching = false;
  private timers: NodeJS.Timeout[] = [];
  private listener?: ListenHandle;

  constructor(private readonly options: PgBossRunQueueOptions) {
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    this.timings = options.timings ?? LEASE_TIMINGS;
    const problem = timingProblem(this.timings);
    if (problem) throw new Error(`lease timings: ${problem}`);
    this.book = new LeaseBook<JobRef>(options.maxActiveRuns, (held, outcome) => this.writeRelease(held, outcome));
    this.boss = createBoss({ connectionString: options.connectionString, schema: this.schema, instanceId: options.instanceId, poolSize: options.poolSize ?? 4, timings: this.timings });
  }

  /** Installs or migrates pg-boss's schema when needed (under its advisory lock), then starts taking work. */
  async start(): Promise<void> {
    await this.boss.start();
    await ensureQueues(this.boss, this.timings);
    const db = this.boss.getDb();
    if (db.listen) {
      const channel = await notifyChannel(db, this.schema);
      const wakeForBacklog = () => {
        this.backlogLikely = true;
        this.wake();
      };
      this.listener = await db.listen(channel, (payload) => payload === RUNS_QUEUE && wakeForBacklog(), wakeForBacklog);
    }
    await this.boss.work<RunJob, unknown, { batchSize: number; pollingIntervalSeconds: number; perJobResults: true; burstWhenBatchFull: true }>(
      ORPHANS_QUEUE,
      { batchSize: ORPHAN_BATCH, pollingIntervalSeconds: this.timings.orphanPollSeconds, perJobResults: true, burstWhenBatchFull: true },
      (jobs) => this.resolveOrphans(jobs),
    );
    this.timers.push(setInterval(() => void this.heartbeat(), this.timings.touchEveryMs));
    this.timers.push(setInterval(() => this.wake(), this.timings.backlogPollMs));
    for (const timer of this.timers) timer.unref();
    // Queued runs it has room for, before it admits new ones (they are older).
    this.wake();
    await this.fetchRun;
  }

  activeRunCount(): number {
    return this.book.taken;
  }

  claimForLocalStart(runId: string): Promise<Lease | null> {
    // Decided before the first await, so a caller knows at once whether to call the model.
    const start = this.reserveLocalStart(runId);
    return start ? this.insertClaim(runId, start) : Promise.resolve(null);
  }

  reserveLocalStart(runId: string): LocalStart | null {
    if (this.stopping || this.book.has(runId)) return null;
    if (!admitLocally(this.book.room(), this.backlogLikely)) {
      this.wake();
      return null;
    }
    this.book.reserve();
    const sentAt = performance.now();
    let settled = false;
    const settle = () => {
      if (settled) throw new Error(`the local start of ${runId} was already adopted or cancelled`);
      settled = true;
    };
    return {
      statement: (firstParam) => ({ text: claimJobSql(this.schema, { durable: true, firstParam }), values: [runId, RUNS_QUEUE] }),
      adopt: (jobId) => {
        settle();
        if (!jobId) {
          this.book.unreserve();
          return null;
        }
        return this.book.hold(runId, { id: jobId, retryCount: 0 }, sentAt).lease;
      },
      cancel: () => {
        settle();
        this.book.unreserve();
      },
    };
  }

  async isHeld(runId: string): Promise<boolean> {
    if (this.book.has(runId)) return true;
    const { rows } = await this.boss.getDb().executeSql(heldJobSql(this.schema), [RUNS_QUEUE, runId]);
    return (rows[0] as { held: boolean }).held;
  }

  async leaselessRuns(): Promise<string[]> {
    const { rows } = await this.boss.getDb().executeSql(leaselessRunsSql(this.schema), [RUNS_QUEUE, ["queued", "in_progress", "cancelling"]]);
    return rows.map((row: { id: string }) => row.id);
  }

  async enqueueRun(runId: string): Promise<void> {
    await this.boss.send(RUNS_QUEUE, { runId } satisfies RunJob, { singletonKey: runId });
    this.backlogLikely = true;
    this.wake();
  }

  stop(graceMs: number): Promise<void> {
    return (this.stopped ??= this.shutDown(graceMs));
  }

  private async insertClaim(runId: string, start: LocalStart): Promise<Lease | null> {
    let id: string | undefined;
    try {
      // Its commit does not wait for the disk: the run's next write makes it durable (pgboss-layout.ts).
      id = await this.insertJob(runId, { durable: false });
    } catch (error) {
      start.cancel();
      throw error;
    }
    // Queued or leased already (the unique index of the exclusive policy): whoever has it runs it.
    return start.adopt(id);
  }

  /** The claim's one statement; the id of the active job, or undefined when the run is queued or leased already. */
  private async insertJob(runId: string, commit: { durable: boolean }): Promise<string | undefined> {
    const sql = claimJobSql(this.schema, commit);
    const result = this.options.claimPool
      ? await this.options.claimPool.query<{ id: string }>(sql, [runId, RUNS_QUEUE])
      : await this.boss.getDb().executeSql(sql, [runId, RUNS_QUEUE]);
    return (result.rows[0] as { id: string } | undefined)?.id;
  }

  /** Fetches queued runs while there is room; one loop at a time, re-run when woken meanwhile. */
  private wake(): void {
    if (this.stopping) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    if (this.book.room() === 0) return;
    this.fetchRun = this.fetchLoop();
  }

  private async fetchLoop(): Promise<void> {
    this.fetching = true;
    try {
      do {
        this.fetchAgain = false;
        const want = this.book.reserve(Math.min(this.book.room(), MAX_FETCH_BATCH));
        if (want === 0) break;
        const sentAt = performance.now();
        let jobs: Job<RunJob>[] = [];
        try {
          jobs = await this.boss.fetch<RunJob>(RUNS_QUEUE, { batchSize: want });
        } finally {
          for (const job of jobs) this.begin(job, sentAt);
          this.book.unreserve(want - jobs.length);
        }
        this.backlogLikely = backlogAfterFetch(want, jobs.length);
        if (this.backlogLikely) this.fetchAgain = true;
      } while (this.fetchAgain && !this.stopping);
    } catch (error) {
      log.warn("run queue: fetching queued runs failed", { instance: this.options.instanceId, error: (error as Error).message });
    } finally {
      this.fetching = false;
    }
  }

  private begin(job: Job<RunJob>, sentAt: number): void {
    const { lease, held } = this.book.hold(job.data.runId, { id: job.id, retryCount: job.retryCount }, sentAt);
    if (this.stopping) {
      void lease.release("handoff");
      return;
    }
    this.options.execute(job.data.runId, lease).catch((error: Error) => {
      log.error("run queue: execute rejected; the run goes to resolveOrphan", { runId: job.data.runId, error: error.message });
      return this.book.fail(held);
    });
  }

  /** One touch for every lease held; a lease the database no longer has as ours, or that could not be touched in time, is lost. */
  private async heartbeat(): Promise<void> {
    for (const held of staleLeases(this.book.all(), performance.now(), this.timings.fenceAfterMs)) {
      log.warn("run queue: no heartbeat landed in time; giving the lease up", { runId: held.runId, instance: this.options.instanceId });
      this.book.drop(held, "lost");
    }
    const leases = this.book.all();
    if (this.touching || leases.length === 0) return;
    this.touching = true;
    const sentAt = performance.now();
    try {
      const response = await this.boss.touch(RUNS_QUEUE, leases.map((held) => held.data));
      const settled = (response as { settled?: string[] }).settled ?? [];
      const lost = new Set(lostInTouch(leases.map((held) => held.data.id), settled));
      const neverStored = lost.size ? await this.missingJobs([...lost]) : new Set<string>();
      for (const held of leases) {
        if (!lost.has(held.data.id)) held.heartbeatSentAt = sentAt;
        else if (neverStored.has(held.data.id)) await this.reclaim(held);
        else {
          log.warn("run queue: lease taken as dead by the monitor", { runId: held.runId, instance: this.options.instanceId });
          this.book.drop(held, "lost");
        }
      }
    } catch (error) {
      log.warn("run queue: heartbeat failed", { instance: this.options.instanceId, leases: leases.length, error: (error as Error).message });
    } finally {
      this.touching = false;
    }
  }

  private async missingJobs(ids: string[]): Promise<Set<string>> {
    const { rows } = await this.boss.getDb().executeSql(missingJobsSql(this.schema), [ids, RUNS_QUEUE]);
    return new Set(rows.map((row: { id: string }) => row.id));
  }

  /**
   * The claim's row is not there at all: its commit, which does not wait for the disk, was lost
   * with a database crash before the run's next write made it durable. The run is still ours: claim
   * it again, durably; if another instance has it meanwhile, it is lost.
   */
  private async reclaim(held: HeldLease<JobRef>): Promise<void> {
    const sentAt = performance.now();
    const id = await this.insertJob(held.runId, { durable: true }).catch(() => undefined);
    if (id && this.book.has(held.runId)) {
      log.warn("run queue: a lease's row was never stored (database crash?); claimed again", { runId: held.runId });
      held.data = { id, retryCount: 0 };
      held.heartbeatSentAt = sentAt;
    } else this.book.drop(held, "lost");
  }

  private async writeRelease(held: HeldLease<JobRef>, outcome: LeaseOutcome | "fail"): Promise<void> {
    // Room freed: worth a fetch only when runs may be waiting (a NOTIFY or a full fetch said so);
    // otherwise the next NOTIFY or poll finds them.
    if (this.backlogLikely) this.wake();
    try {
      await settleLease(this.boss, held, outcome, this.options.instanceId);
    } catch (error) {
      // The job stays active without heartbeats: the monitor fails it and resolveOrphan, which
      // leaves settled runs alone, gets it. Nothing is lost, only later.
      log.warn("run queue: could not release a lease; it will lapse", { runId: held.runId, outcome, error: (error as Error).message });
    }
  }

  private async resolveOrphans(jobs: Job<RunJob>[]): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        await this.options.resolveOrphan(job.data.runId);
        results.push({ id: job.id, status: "completed" });
      } catch (error) {
        log.warn("run queue: resolveOrphan failed; it will be tried again", { runId: job.data.runId, error: (error as Error).message });
        results.push({ id: job.id, status: "failed", output: { message: (error as Error).message } });
      }
    }
    return results;
  }

  private async shutDown(graceMs: number): Promise<void> {
    this.stopping = true;
    await this.listener?.close().catch(() => {});
    await this.boss.offWork(ORPHANS_QUEUE, { wait: false }).catch(() => {});
    // Heartbeats go on meanwhile, so the leases waited for are not taken as dead.
    if (!(await this.book.whenIdle(graceMs))) {
      this.book.abortAll("shutdown");
      await this.book.whenIdle(SHUTDOWN_SETTLE_MS);
      await Promise.all(this.book.all().map((held) => this.book.release(held, "handoff")));
    }
    for (const timer of this.timers) clearInterval(timer);
    await this.boss.stop({ graceful: true, close: true, timeout: 5_000 });
  }
}
