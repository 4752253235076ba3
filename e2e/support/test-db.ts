import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/db/embedded";
import type { migrate as migrateFn } from "../../scripts/db/migrate-lib";

// A fresh, migrated database for one test run, on whichever Postgres is at hand:
//   1. DATABASE_URL set: a new database on that server, created from the database the URL names
//      and called `<thatdb>_<label>_<random>`;
//   2. otherwise, 127.0.0.1:5432 accepting user `postgres` without a password (the service kind's
//      Postgres): a new database `atelier_test_<label>_<random>` there;
//   3. otherwise, the embedded Postgres (PGlite) in a temporary folder. It serves ONE connection:
//      run the app with DATABASE_POOL_SIZE=1 (startAppServer does, given `embedded: true`).
// ATELIER_TEST_DB=embedded forces 3 (to exercise the fallback on a machine that has a server).
// Nothing is reused from an earlier run: every database is new and drop() removes it.

export type TestDatabase = {
  url: string;
  /** Drops the database (or stops the embedded server and deletes its folder). Idempotent. */
  drop(): Promise<void>;
  /** True for the single-connection embedded Postgres. */
  embedded: boolean;
};

const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const MAX_IDENTIFIER = 63;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Lower-case letters, digits and `_` only, so the name needs no care anywhere it is printed. */
function sanitize(part: string): string {
  return part.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "x";
}

function databaseName(base: string, label: string): string {
  const suffix = `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
  const head = `${sanitize(base)}_${sanitize(label)}`.slice(0, MAX_IDENTIFIER - suffix.length - 1);
  return `${head}_${suffix}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  return name || "postgres";
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function acceptsConnections(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

/**
 * scripts/db/migrate-lib.ts, loaded by Node itself through tsx rather than by the importer: the
 * schema engine finds its .wasm with `import.meta.resolve`, which vitest's module runner (where the
 * global setup runs) does not support.
 */
async function loadMigrate(): Promise<typeof migrateFn> {
  const { tsImport } = await import("tsx/esm/api");
  const migrateLib = pathToFileURL(path.resolve(process.cwd(), "scripts/db/migrate-lib.ts")).href;
  const loaded = (await tsImport(migrateLib, import.meta.url)) as { migrate: typeof migrateFn };
  return loaded.migrate;
}

async function migrateOrExplain(url: string, where: string): Promise<void> {
  const lines: string[] = [];
  try {
    const migrate = await loadMigrate();
    await migrate(url, { log: (line) => lines.push(line) });
  } catch (error) {
    const tail = lines.slice(-20).join("\n");
    throw new Error(`Migrating the test database (${where}) failed: ${(error as Error).message}${tail ? `\n${tail}` : ""}`, {
      cause: error,
    });
  }
}

/** A new database on an existing server; `adminUrl` names the database to connect to for CREATE/DROP. */
async function createOnServer(adminUrl: string, base: string, label: string): Promise<TestDatabase> {
  const name = databaseName(base, label);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= withClient(adminUrl, async (client) => {
      // FORCE ends any connection still open (an app server that did not stop, a leaked pool).
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }));
  const url = withDatabase(adminUrl, name);
  try {
    await migrateOrExplain(url, name);
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { url, drop, embedded: false };
}

async function createEmbedded(label: string): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), `atelier-test-${sanitize(label)}-`));
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pgdata") });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= (async () => {
      try {
        await server.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })());
  try {
    await migrateOrExplain(server.url, `embedded in ${dir}`);
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { url: server.url, drop, embedded: true };
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (process.env.ATELIER_TEST_DB === "embedded") return createEmbedded(label);
  const configured = process.env.DATABASE_URL;
  if (configured) return createOnServer(configured, databaseOf(configured), label);
  if (await acceptsConnections(LOCAL_SERVER_URL)) return createOnServer(LOCAL_SERVER_URL, "atelier_test", label);
  return createEmbedded(label);
}
