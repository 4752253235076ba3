import pg from "pg";

// For the tests that hold the SQL built here to Postgres's own answers: a connection to the server
// at DATABASE_URL or 127.0.0.1:5432, else an in-memory embedded Postgres (PGlite). The statements
// are read-only and touch no table (rows come in as jsonb parameters), so any database will do.
// Never imported by app code.

export type SqlRunner = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  name: string;
};

const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

async function serverRunner(): Promise<SqlRunner | null> {
  for (const url of [process.env.DATABASE_URL, LOCAL_SERVER_URL]) {
    if (!url) continue;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT 1");
      return {
        name: "postgres server",
        query: async <T,>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
        close: () => client.end(),
      };
    } catch {
      await client.end().catch(() => {});
    }
  }
  return null;
}

export async function openSqlRunner(): Promise<SqlRunner> {
  // ATELIER_TEST_DB=embedded forces the embedded one, as for e2e/support/test-db.ts.
  const server = process.env.ATELIER_TEST_DB === "embedded" ? null : await serverRunner();
  if (server) return server;
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create();
  return {
    name: "embedded postgres",
    query: async <T,>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
    close: () => db.close(),
  };
}
