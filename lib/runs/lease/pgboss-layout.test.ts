import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { createTestDatabase } from "@/e2e/support/test-db";
import { claimJobSql, missingJobsSql, notifyChannel, PGBOSS_SCHEMA_VERSION } from "@/lib/runs/lease/pgboss-layout";
import { startPgBossRunQueue } from "@/lib/runs/lease/pg-boss-queue";
import { DEFAULT_SCHEMA, ORPHANS_QUEUE, orphansQueueOptions, RUNS_QUEUE, runsQueueOptions } from "@/lib/runs/lease/pgboss-setup";
import { LEASE_TIMINGS } from "@/lib/runs/lease/rules";
import { createBareDatabase, findServer, type BareDatabase } from "@/lib/runs/lease/test-support";
import type { migrate as migrateFn } from "@/scripts/db/migrate-lib";

// What the lease layer assumes about pg-boss beyond its typed API (pgboss-layout.ts): these fail
// when an upgrade changes the job table, the claim's row, or the NOTIFY channel.

const server = await findServer();
if (!server) console.warn("[lease] no Postgres server at DATABASE_URL or 127.0.0.1:5432: skipping the pg-boss layout tests");

const drops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop().catch(() => {});
}, 60_000);

async function withBoss<T>(label: string, fn: (boss: PgBoss, db: BareDatabase, sql: pg.Client) => Promise<T>): Promise<T> {
  const db = await createBareDatabase(server!, label);
  drops.push(db.drop);
  const boss = new PgBoss({ connectionString: db.url, schema: DEFAULT_SCHEMA, supervise: false, schedule: false, max: 2 });
  boss.on("error", () => {});
  await boss.start();
  await boss.createQueue(ORPHANS_QUEUE, orphansQueueOptions());
  await boss.createQueue(RUNS_QUEUE, runsQueueOptions(LEASE_TIMINGS));
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  try {
    return await fn(boss, db, sql);
  } finally {
    await sql.end();
    await boss.stop({ graceful: false, close: true });
  }
}

const claim = async (sql: pg.Client, runId: string) => (await sql.query<{ id: string }>(claimJobSql(DEFAULT_SCHEMA, { durable: false }), [runId, RUNS_QUEUE])).rows[0]?.id;
const jobRow = async (sql: pg.Client, id: string) => (await sql.query(`SELECT * FROM ${DEFAULT_SCHEMA}.job WHERE id = $1`, [id])).rows[0] as Record<string, unknown>;

/** Columns a claim and a fetch legitimately set differently (identity and timestamps). */
const PER_JOB = ["id", "data", "singleton_key", "start_after", "created_on", "started_on", "heartbeat_on", "keep_until"];

describe.skipIf(!server)("pg-boss layout the lease layer relies on", () => {
  it("is the pg-boss schema version the claim statement was written for", async () => {
    await withBoss("version", async (boss) => {
      expect(await boss.schemaVersion()).toBe(PGBOSS_SCHEMA_VERSION);
    });
  });

  it("claims a job whose row is the one pg-boss's own send and fetch leave, column for column", async () => {
    await withBoss("row", async (boss, _db, sql) => {
      const claimedId = await claim(sql, "run_claimed");
      await boss.send(RUNS_QUEUE, { runId: "run_fetched" }, { singletonKey: "run_fetched" });
      const [fetched] = await boss.fetch<{ runId: string }>(RUNS_QUEUE);
      const claimed = await jobRow(sql, claimedId!);
      const viaApi = await jobRow(sql, fetched!.id);
      expect(Object.keys(claimed).sort()).toEqual(Object.keys(viaApi).sort());
      const without = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([key]) => !PER_JOB.includes(key)));
      expect(without(claimed)).toEqual(without(viaApi));
      expect(claimed).toMatchObject({ state: "active", data: { runId: "run_claimed" }, singleton_key: "run_claimed", heartbeat_seconds: LEASE_TIMINGS.heartbeatSeconds });
      for (const column of ["start_after", "created_on", "started_on", "heartbeat_on"]) {
        expect(Math.abs((claimed[column] as Date).getTime() - (viaApi[column] as Date).getTime())).toBeLessThan(5_000);
      }
    });
  });

  it("claims a run once: a second claim, or one for a run already queued, inserts nothing", async () => {
    await withBoss("exclusive", async (boss, _db, sql) => {
      expect(await claim(sql, "run_1")).toBeDefined();
      expect(await claim(sql, "run_1")).toBeUndefined();
      await boss.send(RUNS_QUEUE, { runId: "run_2" }, { singletonKey: "run_2" });
      expect(await claim(sql, "run_2")).toBeUndefined();
    });
  });

  it("commits the claim without waiting for the disk, for that transaction alone", async () => {
    await withBoss("async-commit", async (_boss, _db, sql) => {
      expect(claimJobSql(DEFAULT_SCHEMA, { durable: false })).toContain("set_config('synchronous_commit', 'off', true)");
      expect(claimJobSql(DEFAULT_SCHEMA, { durable: true })).not.toContain("synchronous_commit");
      expect(await claim(sql, "run_async")).toBeDefined();
      expect((await sql.query("SHOW synchronous_commit")).rows[0]).toEqual({ synchronous_commit: "on" });
    });
  });

  it("tells a job never stored from one completed or dead-lettered", async () => {
    await withBoss("missing", async (boss, _db, sql) => {
      const done = { id: (await claim(sql, "run_done"))!, retryCount: 0 };
      const failed = { id: (await claim(sql, "run_failed"))!, retryCount: 0 };
      await boss.complete(RUNS_QUEUE, done);
      await boss.fail(RUNS_QUEUE, failed);
      const never = "00000000-0000-4000-8000-000000000000";
      const { rows } = await sql.query(missingJobsSql(DEFAULT_SCHEMA), [[done.id, failed.id, never], RUNS_QUEUE]);
      expect(rows).toEqual([{ id: never }]);
    });
  });

  it("lets pg-boss touch, complete and dead-letter a claimed job like one it fetched", async () => {
    await withBoss("settle", async (boss, _db, sql) => {
      const first = { id: (await claim(sql, "run_done"))!, retryCount: 0 };
      const second = { id: (await claim(sql, "run_failed"))!, retryCount: 0 };
      const touched = (await boss.touch(RUNS_QUEUE, [first, second])) as { settled?: string[] };
      expect([...(touched.settled ?? [])].sort()).toEqual([first.id, second.id].sort());
      expect(await boss.complete(RUNS_QUEUE, first)).toMatchObject({ affected: 1 });
      expect(await boss.fail(RUNS_QUEUE, second, { message: "lapsed" })).toMatchObject({ affected: 1 });
      const [orphan] = await boss.fetch<{ runId: string }>(ORPHANS_QUEUE, { includeMetadata: true });
      expect(orphan).toMatchObject({ data: { runId: "run_failed" }, sourceId: second.id, sourceName: RUNS_QUEUE });
      expect((await jobRow(sql, first.id)).state).toBe("completed");
    });
  });

  it("hears pg-boss's NOTIFY for a run queued on the runs queue", async () => {
    await withBoss("notify", async (boss, _db, sql) => {
      const channel = await notifyChannel(boss.getDb(), DEFAULT_SCHEMA);
      await sql.query(`LISTEN "${channel}"`);
      const heard = new Promise<string | undefined>((resolve) => sql.on("notification", (message) => resolve(message.payload)));
      await boss.send(RUNS_QUEUE, { runId: "run_n" }, { singletonKey: "run_n" });
      expect(await Promise.race([heard, new Promise((resolve) => setTimeout(() => resolve("(none in 3 s)"), 3_000))])).toBe(RUNS_QUEUE);
    });
  });

  it("keeps its tables in their own schema, beside the app's, and Prisma's migrations still apply", async () => {
    const db = await createTestDatabase("lease-prisma");
    drops.push(db.drop);
    const queue = await startPgBossRunQueue({ connectionString: db.url, instanceId: "a", maxActiveRuns: 1, execute: async () => {}, resolveOrphan: async () => {} });
    await queue.stop(0);
    const migrate = await loadMigrate();
    expect(await migrate(db.url)).toEqual({ applied: [] });
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const { rows } = await sql.query<{ table_schema: string; n: string }>(
      "SELECT table_schema, count(*) AS n FROM information_schema.tables WHERE table_name IN ('job', 'queue', 'version') GROUP BY table_schema",
    );
    await sql.end();
    expect(rows).toEqual([{ table_schema: DEFAULT_SCHEMA, n: "3" }]);
  }, 120_000);
});

/** scripts/db/migrate-lib.ts through tsx, as e2e/support/test-db.ts loads it (its WASM engine needs import.meta.resolve). */
async function loadMigrate(): Promise<typeof migrateFn> {
  const { tsImport } = await import("tsx/esm/api");
  const loaded = (await tsImport(pathToFileURL(path.resolve("scripts/db/migrate-lib.ts")).href, import.meta.url)) as { migrate: typeof migrateFn };
  return loaded.migrate;
}
