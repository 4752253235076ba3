import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

// /api/health is what `npm start`, load balancers and the test harness trust. It must fail when
// the database cannot answer the statements the app really sends, not only when it is down: the
// embedded database once failed every named statement (42P05) while `SELECT 1` still worked.
// Here a table the API key lookup reads is moved away under a running server (on a database and
// server of this file's own), then put back.

let db: TestDatabase;
let app: AppServer;

// The embedded test database serves one connection, which the app holds: nothing to alter it with.
const embedded = inject("databaseEmbedded");

beforeAll(async () => {
  if (embedded) return;
  db = await createTestDatabase("health");
  app = await startAppServer({ databaseUrl: db.url });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe.skipIf(embedded)("GET /api/health when the app's own queries fail", () => {
  it("answers 503 naming the failure while the API key lookup cannot run, and 200 again after", async () => {
    expect((await fetch(`${app.baseURL}/api/health`)).status).toBe(200);
    await sql("ALTER TABLE api_keys RENAME TO api_keys_moved");
    try {
      const response = await fetch(`${app.baseURL}/api/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "unavailable",
        database: "failing",
        pendingMigrations: [],
        error: "database does not answer the app's queries (SQLSTATE 42P01)",
      });
    } finally {
      await sql("ALTER TABLE api_keys_moved RENAME TO api_keys");
    }
    expect((await fetch(`${app.baseURL}/api/health`)).status).toBe(200);
  }, 30_000);
});
