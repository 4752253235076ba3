import { notifyChannelSql } from "pg-boss/dist/plans.js";
import type { Db } from "pg-boss";

// The places the lease layer reaches past pg-boss's typed API, kept here so there is one file to
// check when pg-boss changes. lib/runs/lease/pgboss-layout.test.ts fails when any stops matching the
// pinned pg-boss (package.json pins an exact version for that reason).
//
// 1. The fast path inserts its job already active, in one statement. Through the API a claim is
//    send() then fetch(): two commits, each waiting for a disk flush, 11.5-24 ms p50 where a single
//    commit took 3.2-7.7 ms (scripts/bench/run-lease.ts; docs/architecture.md has the table), when
//    the run start had 1.7-4.6 ms of its 15 ms p50 budget left (README, bench:runs). fetch() cannot
//    take a given job either: it takes the oldest. claimForLocalStart commits without waiting for
//    the disk (synchronous_commit off for that transaction alone); the run's own next write, which
//    the engine makes after the claim, flushes the WAL past it. reserveLocalStart hands the same
//    INSERT to the engine, to run inside the run's own statement: no commit of its own.
// 2. A lease whose job a touch did not find at all (missingJobsSql) was never made durable: it is
//    claimed again rather than given up.
// 3. Wake-ups: the consumer of the runs queue is ours (capacity is shared with the fast path, which
//    pg-boss's work() cannot know about), so it LISTENs on pg-boss's own NOTIFY channel.

/** The pg-boss schema version (pgboss.version) this file was checked against. */
export const PGBOSS_SCHEMA_VERSION = 46;

/**
 * One statement: a job for the run (parameter firstParam) on the queue (the next parameter),
 * already `active` and heartbeated, with the queue's own settings (heartbeat, dead letter queue,
 * retries, expiry, retention), as pg-boss's insertJobs and fetchNextJob together would leave it.
 * The queue's `exclusive` policy (unique index on name + singleton_key over created/retry/active)
 * makes it the run's only lease: when the run is already queued or leased, nothing is inserted and
 * no row comes back. Not `durable`: the commit does not wait for the disk (see 1. above).
 */
export function claimJobSql(schema: string, { durable, firstParam = 1 }: { durable: boolean; firstParam?: number }): string {
  const [runId, queue] = [`$${firstParam}`, `$${firstParam + 1}`];
  // set_config(…, true) lasts for this statement's transaction only: the pooled connection is
  // back to the server's setting afterwards.
  const commit = durable ? "" : ", (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit";
  return `
    INSERT INTO ${schema}.job (
      id, name, data, state, priority, singleton_key,
      retry_limit, retry_count, retry_delay, retry_backoff, retry_delay_max,
      expire_seconds, deletion_seconds, heartbeat_seconds, policy, dead_letter,
      start_after, created_on, started_on, heartbeat_on, keep_until
    )
    SELECT
      gen_random_uuid(), q.name, jsonb_build_object('runId', ${runId}::text), 'active', 0, ${runId}::text,
      q.retry_limit, 0, q.retry_delay, q.retry_backoff, q.retry_delay_max,
      q.expire_seconds, q.deletion_seconds, q.heartbeat_seconds, q.policy, q.dead_letter,
      now(), now(), now(), now(), now() + q.retention_seconds * interval '1 second'
    FROM ${schema}.queue q${commit}
    WHERE q.name = ${queue}::text
    ON CONFLICT DO NOTHING
    RETURNING id`;
}

/** The channel pg-boss NOTIFYs on (payload: the queue name) when a job lands on a queue with `notify: true`. */
export async function notifyChannel(db: Db, schema: string): Promise<string> {
  const { rows } = await db.executeSql(`SELECT ${notifyChannelSql(schema)} AS channel`);
  return (rows[0] as { channel: string }).channel;
}

/** Of these job ids ($1) on queue $2, the ones with no row at all (not failed, not completed: never stored). */
export function missingJobsSql(schema: string): string {
  return `SELECT id::text AS id FROM unnest($1::uuid[]) AS wanted(id)
    WHERE NOT EXISTS (SELECT 1 FROM ${schema}.job j WHERE j.name = $2 AND j.id = wanted.id)`;
}

/** Whether run $2 has a job on queue $1 that is waiting or leased (the queue's exclusive index covers these states). */
export function heldJobSql(schema: string): string {
  return `SELECT EXISTS (SELECT 1 FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active')) AS held`;
}

/** Active runs (statuses $2) created over 10 s ago with no waiting or leased job on queue $1. */
export function leaselessRunsSql(schema: string): string {
  return `SELECT r.id FROM runs r WHERE r.status = ANY($2::text[]) AND r.created_at < now() - interval '10 seconds'
    AND NOT EXISTS (SELECT 1 FROM ${schema}.job j WHERE j.name = $1 AND j.singleton_key = r.id AND j.state IN ('created', 'retry', 'active'))`;
}

/**
 * Ingestion's sweep (lib/ingest/queue.ts): store files `in_progress` with no waiting or working job
 * on queue $1 (singleton key `store:file`), oldest first, with whether a job of theirs failed for
 * good, and whether that was the sweep's extra attempt (`data.lastChance`).
 */
export function storeFilesWithoutJobSql(schema: string): string {
  const jobsOf = (states: string) =>
    `SELECT 1 FROM ${schema}.job j WHERE j.name = $1 AND j.singleton_key = vsf.vector_store_id || ':' || vsf.file_id AND j.state IN (${states})`;
  return `SELECT vsf.vector_store_id AS "vectorStoreId", vsf.file_id AS "fileId",
      EXISTS (${jobsOf("'failed'")}) AS failed,
      EXISTS (${jobsOf("'failed'")} AND j.data->>'lastChance' = 'true') AS "lastChanceFailed"
    FROM vector_store_files vsf
    WHERE vsf.status = 'in_progress' AND NOT EXISTS (${jobsOf("'created', 'retry', 'active'")})
    ORDER BY vsf.created_at LIMIT $2`;
}
