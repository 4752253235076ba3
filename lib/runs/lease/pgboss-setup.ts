import { PgBoss, type Db, type Queue } from "pg-boss";
import { log } from "@/lib/log";
import type { HeldLease } from "@/lib/runs/lease/lease-book";
import type { LeaseTimings } from "@/lib/runs/lease/rules";
import type { LeaseOutcome } from "@/lib/runs/lease/types";

// pg-boss as the lease layer sets it up: the two queues and their settings, the PgBoss object, the
// schema install, and what ending a lease writes. The consumer is pg-boss-queue.ts.

export const RUNS_QUEUE = "atelier-runs";
export const ORPHANS_QUEUE = "atelier-run-orphans";
export const DEFAULT_SCHEMA = "pgboss";

/** A lease's handle: the job and the attempt it was taken at (settles are fenced to it). */
export type JobRef = { id: string; retryCount: number };
export type RunJob = { runId: string };

const DAY_SECONDS = 86_400;
const WRITE_RETRY_DELAYS_MS = [100, 500];

/** The runs queue: one job per lease; `exclusive` makes it the only queued-or-active job of its run. */
export function runsQueueOptions(t: LeaseTimings): Omit<Queue, "name"> {
  return {
    policy: "exclusive",
    heartbeatSeconds: t.heartbeatSeconds,
    // A lapsed lease is not retried on the same queue: it goes to the orphans queue to be resolved.
    retryLimit: 0,
    deadLetter: ORPHANS_QUEUE,
    // pg-boss's maximum. A segment running a day is taken as lost, like one whose owner died.
    expireInSeconds: DAY_SECONDS,
    // A queued run waits for room this long at most before pg-boss deletes its job.
    retentionSeconds: 30 * DAY_SECONDS,
    // Finished leases are only history; keep the table small for the monitor's counts.
    deleteAfterSeconds: 600,
    notify: true,
  };
}

export function orphansQueueOptions(): Omit<Queue, "name"> {
  return {
    policy: "standard",
    // resolveOrphan failing (database down) is tried again, later, on any instance.
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 300,
    // A resolver that died mid-way: its orphan job is failed and tried again elsewhere after this.
    expireInSeconds: 60,
    retentionSeconds: 30 * DAY_SECONDS,
    deleteAfterSeconds: DAY_SECONDS,
  };
}

export function createBoss(o: { connectionString: string; schema: string; instanceId: string; poolSize: number; timings: LeaseTimings }): PgBoss {
  const boss = new PgBoss({
    connectionString: o.connectionString,
    schema: o.schema,
    max: o.poolSize,
    // Names this instance's connections in pg_stat_activity.
    application_name: `atelier-runs ${o.instanceId}`.slice(0, 63),
    instanceName: o.instanceId,
    schedule: false,
    superviseIntervalSeconds: o.timings.monitorSeconds,
    monitorIntervalSeconds: o.timings.monitorSeconds,
    // Deleting finished jobs; pg-boss's default is once a day.
    maintenanceIntervalSeconds: 120,
    // The runs queue's consumer listens itself; the orphans worker polls.
    useListenNotify: false,
  });
  // pg-boss reports failures of its background work (monitor, its instance registry) here.
  boss.on("error", (error: Error) => log.warn("run queue: pg-boss error", { instance: o.instanceId, error: error.message }));
  return boss;
}

/** Creates both queues if missing (pg-boss ignores a second create) and brings their settings up to these. */
export async function ensureQueues(boss: PgBoss, timings: LeaseTimings): Promise<void> {
  await ensureQueue(boss, ORPHANS_QUEUE, orphansQueueOptions());
  await ensureQueue(boss, RUNS_QUEUE, runsQueueOptions(timings));
}

async function ensureQueue(boss: PgBoss, name: string, options: Omit<Queue, "name">): Promise<void> {
  await boss.createQueue(name, options);
  const existing = await boss.getQueue(name);
  if (existing && existing.policy !== options.policy) {
    throw new Error(`pg-boss queue ${name} has policy ${existing.policy}, not ${options.policy}: delete it (no run is leased) and start again`);
  }
  const { policy: _policy, ...settings } = options;
  await boss.updateQueue(name, settings);
}

/**
 * Installs or migrates pg-boss's schema, from the SQL its package ships (nothing is downloaded),
 * under pg-boss's advisory lock, so instances starting together do it once. `npm start` and
 * `npm run db:migrate` call it after Prisma's migrations; every queue's start does it too when needed.
 */
export async function installRunQueueSchema(connectionString: string, schema = DEFAULT_SCHEMA): Promise<number | null> {
  const boss = new PgBoss({ connectionString, schema, max: 1, supervise: false, schedule: false, registerInstance: false });
  boss.on("error", (error: Error) => log.warn("run queue: pg-boss error while installing", { error: error.message }));
  await boss.start();
  try {
    return await boss.schemaVersion();
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

/**
 * Ends a lease in pg-boss: `done` completes the job; `fail` fails it into the orphans queue;
 * `handoff` completes it and queues the run again, ahead of new runs, in one transaction. Every
 * settle is fenced to the attempt held, so one that lapsed meanwhile is left alone. Tried three times.
 */
export async function settleLease(boss: PgBoss, held: HeldLease<JobRef>, outcome: LeaseOutcome | "fail", instanceId: string): Promise<void> {
  for (const delay of WRITE_RETRY_DELAYS_MS) {
    try {
      return await settleOnce(boss, held, outcome, instanceId);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return settleOnce(boss, held, outcome, instanceId);
}

async function settleOnce(boss: PgBoss, held: HeldLease<JobRef>, outcome: LeaseOutcome | "fail", instanceId: string): Promise<void> {
  if (outcome === "done") {
    await boss.complete(RUNS_QUEUE, held.data);
    return;
  }
  if (outcome === "fail") {
    await boss.fail(RUNS_QUEUE, held.data, { message: "execute rejected" });
    return;
  }
  const db = boss.getDb() as Db & Required<Pick<Db, "beginTransaction">>;
  const tx = await db.beginTransaction();
  try {
    const completed = await boss.complete(RUNS_QUEUE, held.data, { handoff: instanceId }, { db: tx.db });
    // Not ours any more (lapsed meanwhile): the orphans queue has it.
    if ((completed as { affected?: number }).affected !== 1) return await tx.rollback();
    await boss.send(RUNS_QUEUE, { runId: held.runId } satisfies RunJob, { singletonKey: held.runId, priority: 1, db: tx.db });
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}
