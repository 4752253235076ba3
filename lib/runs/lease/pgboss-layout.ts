import { notifyChannelSql } from "pg-boss/dist/plans.js";
import type { Db } from "pg-boss";

// The two places the lease layer reaches past pg-boss's typed API, kept here so there is one file
// to check when pg-boss changes. lib/runs/lease/pgboss-layout.test.ts fails when either stops
// matching the pinned pg-boss (package.json pins an exact version for that reason).
//
// 1. The fast path inserts its job already active, in one statement. Through the API a claim is
//    send() then fetch(): two commits, measured at 8.0 ms p50 / 23.5 ms p99 on this machine against
//    3.5 / 11.7 ms for the one statement (scripts/bench/run-lease.ts prints both), which would
//    take the run start's added time to first token past its 15 ms p50 budget (README, bench:runs:
//    10.4-13.3 ms before leases). fetch() cannot take a given job either: it takes the oldest.
// 2. Wake-ups: the consumer of the runs queue is ours (capacity is shared with the fast path, which
//    pg-boss's work() cannot know about), so it LISTENs on pg-boss's own NOTIFY channel.

/** The pg-boss schema version (pgboss.version) this file was checked against. */
export const PGBOSS_SCHEMA_VERSION = 46;

/**
 * One statement: a job for run $1 on queue $2, already `active` and heartbeated, with the queue's
 * own settings (heartbeat, dead letter queue, retries, expiry, retention), as pg-boss's insertJobs
 * and fetchNextJob together would leave it. The queue's `exclusive` policy (unique index on
 * name + singleton_key over created/retry/active) makes it the run's only lease: when the run is
 * already queued or leased, nothing is inserted and no row comes back.
 */
export function claimJobSql(schema: string): string {
  return `
    INSERT INTO ${schema}.job (
      id, name, data, state, priority, singleton_key,
      retry_limit, retry_count, retry_delay, retry_backoff, retry_delay_max,
      expire_seconds, deletion_seconds, heartbeat_seconds, policy, dead_letter,
      start_after, created_on, started_on, heartbeat_on, keep_until
    )
    SELECT
      gen_random_uuid(), q.name, jsonb_build_object('runId', $1::text), 'active', 0, $1::text,
      q.retry_limit, 0, q.retry_delay, q.retry_backoff, q.retry_delay_max,
      q.expire_seconds, q.deletion_seconds, q.heartbeat_seconds, q.policy, q.dead_letter,
      now(), now(), now(), now(), now() + q.retention_seconds * interval '1 second'
    FROM ${schema}.queue q
    WHERE q.name = $2
    ON CONFLICT DO NOTHING
    RETURNING id`;
}

/** The channel pg-boss NOTIFYs on (payload: the queue name) when a job lands on a queue with `notify: true`. */
export async function notifyChannel(db: Db, schema: string): Promise<string> {
  const { rows } = await db.executeSql(`SELECT ${notifyChannelSql(schema)} AS channel`);
  return (rows[0] as { channel: string }).channel;
}
