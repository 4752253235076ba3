import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";

// One connection pool per process, shared by Prisma (through its pg adapter) and by the few hot
// read paths that query with plain SQL (see lib/assistants/queries.ts). Kept on globalThis so
// Next's dev-mode module reloads do not open a new pool on every edit.
const globalForDb = globalThis as unknown as { atelierPool?: pg.Pool; atelierPrisma?: PrismaClient };

export function getPool(): pg.Pool {
  if (globalForDb.atelierPool) return globalForDb.atelierPool;
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. `npm start` starts the embedded database for you; " +
        "to run `next` directly, set DATABASE_URL to a Postgres server.",
    );
  }
  globalForDb.atelierPool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    // Opening a connection costs a Postgres backend start (~15-20 ms measured by bench:runs), paid
    // by whichever request needs one more: up to WARM_CONNECTIONS stay open however idle the app is,
    // and the rest close after a minute without use.
    min: Math.min(WARM_CONNECTIONS, env.DATABASE_POOL_SIZE),
    idleTimeoutMillis: 60_000,
  });
  // An idle connection the server ends (restart, failover, pg_terminate_backend) is reported here;
  // with no listener the event would throw and end the process. The pool opens another when needed.
  globalForDb.atelierPool.on("error", (error) => log.warn("an idle database connection was closed by the server", { error: error.message }));
  return globalForDb.atelierPool;
}

const WARM_CONNECTIONS = 4;

/** Opens the pool's `min` connections (pg opens them only on demand) at start-up, so the first requests do not pay for them. */
export async function warmPool(): Promise<void> {
  const pool = getPool();
  const clients = await Promise.all(Array.from({ length: pool.options.min ?? 0 }, () => pool.connect()));
  for (const client of clients) client.release();
}

export function getDb(): PrismaClient {
  globalForDb.atelierPrisma ??= new PrismaClient({
    adapter: new PrismaPg(getPool()),
    // Under a burst (200 runs starting at once on a pool of 10) a transaction may wait its turn for
    // a connection longer than Prisma's default 2 s; waiting is right, failing a run for it is not.
    transactionOptions: { maxWait: 10_000, timeout: 10_000 },
  });
  return globalForDb.atelierPrisma;
}

/**
 * `work` in one transaction on a pooled connection, for the writes that use plain SQL (vector
 * stores, ingestion): committed when it returns, rolled back when it throws.
 */
export async function inPgTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Closes Prisma and the pool (scripts and tests; the server keeps them for its lifetime). */
export async function closeDb(): Promise<void> {
  const { atelierPrisma, atelierPool } = globalForDb;
  globalForDb.atelierPrisma = undefined;
  globalForDb.atelierPool = undefined;
  await atelierPrisma?.$disconnect();
  await atelierPool?.end();
}

export type { PrismaClient };
