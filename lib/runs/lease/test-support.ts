import { randomBytes } from "node:crypto";
import pg from "pg";
import { startPgBossRunQueue, type PgBossRunQueue, type PgBossRunQueueOptions } from "@/lib/runs/lease/pg-boss-queue";
import type { Lease } from "@/lib/runs/lease/types";

// For the lease tests and the benchmark: empty databases of their own on a real Postgres server,
// and queues that record what they were given. pg-boss needs a server (the embedded database
// serves one connection), so these use DATABASE_URL's server or 127.0.0.1:5432.

const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** A server that lets us create databases, or null. */
export async function findServer(): Promise<string | null> {
  for (const url of [process.env.DATABASE_URL, LOCAL_SERVER_URL]) {
    if (!url) continue;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return url;
    } catch {
      // next candidate
    } finally {
      await client.end().catch(() => {});
    }
  }
  return null;
}

export type BareDatabase = { url: string; drop(): Promise<void> };

/** A new, empty database beside the one `serverUrl` names; drop() removes it (ending any connection left). */
export async function createBareDatabase(serverUrl: string, label: string): Promise<BareDatabase> {
  const name = `atelier_lease_${label.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}_${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return { url: url.toString(), drop: () => (dropped ??= admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}

export type RecordingQueue = {
  queue: PgBossRunQueue;
  /** Runs given to execute, in order, with their leases. */
  executed: { runId: string; lease: Lease; at: number }[];
  /** Runs given to resolveOrphan, in order, with when. */
  orphans: { runId: string; at: number }[];
};

/** A pg-boss queue whose execute keeps the lease (the test releases it) and whose resolveOrphan records. */
export async function startRecordingQueue(
  url: string,
  instanceId: string,
  options: Partial<PgBossRunQueueOptions> = {},
): Promise<RecordingQueue> {
  const executed: RecordingQueue["executed"] = [];
  const orphans: RecordingQueue["orphans"] = [];
  const queue = await startPgBossRunQueue({
    connectionString: url,
    instanceId,
    maxActiveRuns: 10,
    execute: async (runId, lease) => {
      executed.push({ runId, lease, at: Date.now() });
    },
    resolveOrphan: async (runId) => {
      orphans.push({ runId, at: Date.now() });
    },
    ...options,
  });
  return { queue, executed, orphans };
}

export async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The run's jobs on a queue, newest first, straight from pg-boss's table. */
export async function jobsOf(url: string, runId: string, queue = "atelier-runs"): Promise<{ id: string; state: string; retry_count: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT id, state, retry_count FROM pgboss.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on DESC", [queue, runId]);
    return rows;
  } finally {
    await client.end().catch(() => {});
  }
}
