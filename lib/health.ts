import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getDb } from "@/lib/db";

// Readiness: the process answers, the database answers, and every migration in prisma/migrations
// is applied. Load balancers and the test harness wait on this.

export type Health = { status: "ok" | "unavailable"; database: "ok" | "unreachable"; pendingMigrations: string[]; error?: string };

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

let folders: Promise<string[]> | undefined;

/** The migrations this build ships: read once, since they cannot change under a running server. */
function migrationFolders(): Promise<string[]> {
  folders ??= readdir(MIGRATIONS_DIR, { withFileTypes: true }).then((entries) =>
    entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort(),
  );
  return folders;
}

export async function checkHealth(): Promise<Health> {
  const db = getDb();
  let applied: Set<string>;
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    const message = (error as Error).message;
    // A reachable database without the migrations table is "not migrated", not "down".
    if (/_prisma_migrations/.test(message) && /does not exist/.test(message)) {
      return { status: "unavailable", database: "ok", pendingMigrations: await migrationFolders(), error: "database is not migrated" };
    }
    return { status: "unavailable", database: "unreachable", pendingMigrations: [], error: "database unreachable" };
  }
  const pending = (await migrationFolders()).filter((name) => !applied.has(name));
  return { status: pending.length ? "unavailable" : "ok", database: "ok", pendingMigrations: pending };
}
