// Seeds the benchmark's workspace straight through `pg` (multi-row INSERTs: 10,000 rows in about a
// second, where 10,000 API calls would take a minute and measure nothing we report), and makes one
// regular API key for it through lib/auth/api-keys.ts so the key row is exactly what the app expects.
import pg from "pg";
import { newId, ID_PREFIXES } from "@/lib/ids";
import { assistantBody } from "./fixtures";

const BATCH_ROWS = 1000; // 13 params a row: well under Postgres' 65,535 bind parameters
const SPREAD_MS = 30 * 24 * 60 * 60 * 1000;
const COLUMNS = [
  "id",
  "workspace_id",
  "name",
  "description",
  "model",
  "instructions",
  "temperature",
  "tools",
  "tool_resources",
  "metadata",
  "version",
  "created_at",
  "updated_at",
] as const;

export type Seeded = { workspaceId: string; assistantIds: string[]; apiKey: string };

/**
 * Distinct creation instants spread over the last 30 days, oldest first. Distinct because the
 * id encodes the millisecond (lib/ids.ts) and list cursors decode their position from it.
 */
function creationTimes(count: number, now: number): number[] {
  const times = new Set<number>();
  while (times.size < count) times.add(now - 60_000 - Math.floor(Math.random() * SPREAD_MS));
  return [...times].sort((a, b) => a - b);
}

async function insertAssistants(client: pg.Client, workspaceId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const times = creationTimes(count, Date.now());
  for (let start = 0; start < count; start += BATCH_ROWS) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let index = start; index < Math.min(start + BATCH_ROWS, count); index++) {
      const createdAt = new Date(times[index]!);
      // created_at must be the instant encoded in the id, as createAssistant guarantees.
      const id = newId(ID_PREFIXES.assistant, createdAt);
      const body = assistantBody(index);
      ids.push(id);
      const row = [
        id,
        workspaceId,
        body.name,
        body.description,
        body.model,
        body.instructions,
        body.temperature,
        JSON.stringify(body.tools),
        "{}",
        JSON.stringify(body.metadata),
        1,
        createdAt,
        createdAt,
      ];
      tuples.push(`(${row.map((_, column) => `$${values.length + column + 1}`).join(",")})`);
      values.push(...row);
    }
    await client.query(`INSERT INTO assistants (${COLUMNS.join(",")}) VALUES ${tuples.join(",")}`, values);
  }
  return ids;
}

export async function seedWorkspace(databaseUrl: string, count: number): Promise<Seeded> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let ids: string[];
  const workspaceId = newId(ID_PREFIXES.workspace);
  try {
    await client.query("INSERT INTO workspaces (id, name, slug) VALUES ($1, $2, $1)", [workspaceId, "Benchmark workspace"]);
    ids = await insertAssistants(client, workspaceId, count);
    // Fresh statistics, so the planner picks the (workspace_id, created_at, id) index from the first request.
    await client.query("ANALYZE assistants");
  } finally {
    await client.end();
  }
  // lib/ modules read DATABASE_URL once (lib/env.ts), so it must be set before they are imported.
  process.env.DATABASE_URL = databaseUrl;
  const { createApiKey } = await import("@/lib/auth/api-keys");
  const { operatorCaller } = await import("@/lib/auth/caller");
  const { closeDb } = await import("@/lib/db");
  try {
    const { key } = await createApiKey(operatorCaller(workspaceId, "bench"), { name: "bench:api" });
    return { workspaceId, assistantIds: ids, apiKey: key };
  } finally {
    await closeDb();
  }
}
