import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { startInProcessRunQueue } from "@/lib/runs/lease/in-process-queue";
import { startPgBossRunQueue } from "@/lib/runs/lease/pg-boss-queue";
import type { Lease, LocalStart, RunQueue, RunQueueOptions } from "@/lib/runs/lease/types";

// The process's one run queue, for the run engine: who executes which run, across every instance
// sharing the database (docs/architecture.md, "Run ownership"). ATELIER_RUN_QUEUE picks pg-boss
// leases (default) or the in-process queue (`npm start` on the embedded database).

export { LeaseEnded, type Lease, type LeaseEndReason, type LeaseOutcome, type LocalStart, type RunQueueOptions } from "@/lib/runs/lease/types";

const globalForQueue = globalThis as unknown as { atelierRunQueue?: RunQueue };

/** Runs a previous process left leased, for the in-process queue (`requires_action` holds no lease). */
const LEASED_STATUSES = ["queued", "in_progress", "cancelling"];

async function listActiveRuns(): Promise<string[]> {
  const { rows } = await getPool().query<{ id: string }>("SELECT id FROM runs WHERE status = ANY($1::text[]) ORDER BY created_at, id", [LEASED_STATUSES]);
  return rows.map((row) => row.id);
}

/** Host, process and a random tag: unique per process, readable in logs and pg_stat_activity. */
export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * Starts taking runs: pg-boss installs or migrates its schema if needed, then this instance fetches
 * queued runs while it has room, heartbeats its leases and resolves orphans. Touches no lease but
 * those already expired. In-process: first resolves every run left active (listActiveRuns).
 */
export async function startRunQueue(options: RunQueueOptions): Promise<void> {
  if (globalForQueue.atelierRunQueue) throw new Error("the run queue is already started");
  const env = getEnv();
  if (env.ATELIER_RUN_QUEUE === "in-process" || !env.DATABASE_URL) {
    globalForQueue.atelierRunQueue = await startInProcessRunQueue({ listActiveRuns, ...options });
    return;
  }
  // The fast path's one statement goes over the app's pool: its connections are warm.
  globalForQueue.atelierRunQueue = await startPgBossRunQueue({ ...options, connectionString: env.DATABASE_URL, claimPool: getPool() });
}

/** Stops fetching; waits up to graceMs for leases to be released; hands the rest to other instances. */
export async function stopRunQueue(graceMs: number): Promise<void> {
  const queue = globalForQueue.atelierRunQueue;
  if (!queue) return;
  await queue.stop(graceMs);
  globalForQueue.atelierRunQueue = undefined;
}

/** A lease to execute a just-accepted run here now, or null (at capacity, older runs queued, stopping): then enqueueRun it. */
export function claimForLocalStart(runId: string): Promise<Lease | null> {
  return running().claimForLocalStart(runId);
}

/**
 * The fast path with no commit of its own: the same decision as claimForLocalStart, taken at once,
 * and the lease's insert to run in the same transaction as the run's own write (then adopt the id
 * it returned). Null when the run should be enqueued instead.
 */
export function reserveLocalStart(runId: string): LocalStart | null {
  return running().reserveLocalStart(runId);
}

/** Queues a run for whichever instance has room (oldest first). A run already queued or leased is left as it is. */
export function enqueueRun(runId: string): Promise<void> {
  return running().enqueueRun(runId);
}

/** Whether some instance holds or has queued the run; false when this process has no queue running to ask. */
export function isRunHeld(runId: string): Promise<boolean> {
  return globalForQueue.atelierRunQueue?.isHeld(runId) ?? Promise.resolve(false);
}

/** Active runs with no lease at all (see RunQueue.leaselessRuns). */
export function leaselessRuns(): Promise<string[]> {
  return running().leaselessRuns();
}

export function activeRunCount(): number {
  return globalForQueue.atelierRunQueue?.activeRunCount() ?? 0;
}

function running(): RunQueue {
  const queue = globalForQueue.atelierRunQueue;
  if (!queue) throw new Error("the run queue is not started (startRunQueue)");
  return queue;
}
