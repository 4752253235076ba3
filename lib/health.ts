import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { selectAssistant } from "@/lib/assistants/queries";
import { resolveApiKey } from "@/lib/auth/api-keys";
import { getDb } from "@/lib/db";
import { DEFAULT_WORKSPACE_ID } from "@/lib/workspaces/service";
import { acceptingRuns } from "@/lib/runs/engine";

// Readiness: the process answers, the database answers the statements the app really sends, and
// every migration in prisma/migrations is applied. Load balancers and the test harness wait on this.
//
// "Answers" means more than `SELECT 1`: the embedded database once reached a state where plain
// queries worked but every named prepared statement failed (42P05), so the API answered 500 to
// every keyed request while a `SELECT 1` health check said ok. The probe therefore runs the hot
// path's own named statements (API key lookup, assistant by id) with values that match nothing.

export type Health = {
  status: "ok" | "unavailable" | "shutting_down";
  database: "ok" | "unreachable" | "failing";
  pendingMigrations: string[];
  error?: string;
};

const PROBE_KEY = "atelier-health-probe-matches-no-key";
const PROBE_ASSISTANT = "asst_healthprobe";

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
  // Draining after SIGTERM: a load balancer should send new requests elsewhere (runs here are refused).
  if (!acceptingRuns()) return { status: "shutting_down", database: "ok", pendingMigrations: [] };
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
  if (pending.length) return { status: "unavailable", database: "ok", pendingMigrations: pending };
  try {
    await Promise.all([resolveApiKey(PROBE_KEY), selectAssistant(DEFAULT_WORKSPACE_ID, PROBE_ASSISTANT)]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // The SQLSTATE says what broke without echoing anything from the database's message.
    const detail = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? ` (SQLSTATE ${code})` : "";
    return { status: "unavailable", database: "failing", pendingMigrations: [], error: `database does not answer the app's queries${detail}` };
  }
  return { status: "ok", database: "ok", pendingMigrations: [] };
}
