// The SQL Atelier sends for the benchmarked endpoints, so the bare server makes Postgres parse, plan
// and execute the same statements and the comparison isolates everything above the database.
// The reads (key lookup, retrieve, list) are imported from lib/ itself, where Atelier runs them as
// plain SQL. The writes go through Prisma; these were copied from Prisma's query log
// (PrismaClient `log: [{ emit: "event", level: "query" }]`, Prisma 7.10 + adapter-pg): re-capture
// them when lib/assistants/service.ts or lib/auth/api-keys.ts change their writes.

const A = `"public"."assistants"`;

/** Every column, in schema order: Prisma selects them all (findFirst/findMany/create RETURNING). */
export const ASSISTANT_COLUMNS = [
  "id",
  "workspace_id",
  "name",
  "description",
  "model",
  "instructions",
  "temperature",
  "top_p",
  "top_k",
  "max_tokens",
  "reasoning_effort",
  "tools",
  "tool_resources",
  "metadata",
  "response_format",
  "user_id",
  "webhook_url",
  "mock_outputs",
  "version",
  "created_at",
  "updated_at",
] as const;

const SELECT_LIST = ASSISTANT_COLUMNS.map((column) => `${A}."${column}"`).join(", ");

/**
 * resolveApiKey's once-a-minute last-used write (fire and forget). Not taken from the log: it runs
 * about once per 60 s, so its exact text does not move the figures. Params: last_used_at, id.
 */
export const SQL_KEY_TOUCH = `UPDATE "public"."api_keys" SET "last_used_at" = $1 WHERE ("public"."api_keys"."id" = $2 AND 1=1)`;

/**
 * createAssistant: Prisma lists the columns it has values for, in schema order, and fills the
 * client-side defaults (tools, tool_resources, metadata, version, updated_at) itself.
 */
export function sqlInsertAssistant(columns: readonly string[]): string {
  const names = columns.map((column) => `"${column}"`).join(",");
  const params = columns.map((_, index) => `$${index + 1}`).join(",");
  return `INSERT INTO ${A} (${names}) VALUES (${params}) RETURNING ${SELECT_LIST}`;
}

/**
 * The activity-log event createAssistant writes in the same transaction (lib/audit/service.ts).
 * Params: id, workspace_id, actor_type, actor_id, actor_label, action, target_type, target_id,
 * target_label, created_at.
 */
export const SQL_INSERT_AUDIT_EVENT = `INSERT INTO "public"."audit_events" ("id","workspace_id","actor_type","actor_id","actor_label","action","target_type","target_id","target_label","created_at") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING "public"."audit_events"."id"`;
