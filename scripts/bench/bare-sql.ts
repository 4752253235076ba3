// The SQL Atelier's Prisma client sends for the benchmarked endpoints, copied from Prisma's query
// log (PrismaClient `log: [{ emit: "event", level: "query" }]`, Prisma 7.10 + adapter-pg), so the bare
// server makes Postgres parse, plan and execute the same statements and the comparison isolates
// everything above the database. Re-capture these when lib/assistants/service.ts or
// lib/auth/api-keys.ts change their queries.

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
  "version",
  "created_at",
  "updated_at",
] as const;

const SELECT_LIST = ASSISTANT_COLUMNS.map((column) => `${A}."${column}"`).join(", ");

/** resolveApiKey: findUnique({ where: { keyHash }, select: { id, workspaceId, revokedAt, lastUsedAt } }). Params: hash, 1, 0. */
export const SQL_KEY_LOOKUP =
  `SELECT "public"."api_keys"."id", "public"."api_keys"."workspace_id", "public"."api_keys"."revoked_at", ` +
  `"public"."api_keys"."last_used_at" FROM "public"."api_keys" WHERE ("public"."api_keys"."key_hash" = $1 AND 1=1) LIMIT $2 OFFSET $3`;

/**
 * resolveApiKey's once-a-minute last-used write (fire and forget). Not taken from the log: it runs
 * about once per 60 s, so its exact text does not move the figures. Params: last_used_at, id.
 */
export const SQL_KEY_TOUCH = `UPDATE "public"."api_keys" SET "last_used_at" = $1 WHERE ("public"."api_keys"."id" = $2 AND 1=1)`;

/** getAssistant: findFirst({ where: { id, workspaceId } }). Params: id, workspace, 1, 0. */
export const SQL_RETRIEVE =
  `SELECT ${SELECT_LIST} FROM ${A} WHERE (${A}."id" = $1 AND ${A}."workspace_id" = $2) LIMIT $3 OFFSET $4`;

/**
 * listAssistants, order=desc with an `after` cursor (lib/pagination.ts keysetArgs): the `<=` bound
 * lets the (workspace_id, created_at, id) index seek. Params: workspace, t, t, id, limit+1, 0.
 */
export const SQL_LIST_AFTER_DESC =
  `SELECT ${SELECT_LIST} FROM ${A} WHERE (${A}."workspace_id" = $1 AND ${A}."created_at" <= $2 AND ` +
  `(${A}."created_at" < $3 OR ${A}."id" < $4)) ORDER BY ${A}."created_at" DESC, ${A}."id" DESC LIMIT $5 OFFSET $6`;

/** listAssistants, first page (no cursor). Params: workspace, limit+1, 0. */
export const SQL_LIST_FIRST_DESC =
  `SELECT ${SELECT_LIST} FROM ${A} WHERE ${A}."workspace_id" = $1 ` +
  `ORDER BY ${A}."created_at" DESC, ${A}."id" DESC LIMIT $2 OFFSET $3`;

/**
 * createAssistant: Prisma lists the columns it has values for, in schema order, and fills the
 * client-side defaults (tools, tool_resources, metadata, version, updated_at) itself.
 */
export function sqlInsertAssistant(columns: readonly string[]): string {
  const names = columns.map((column) => `"${column}"`).join(",");
  const params = columns.map((_, index) => `$${index + 1}`).join(",");
  return `INSERT INTO ${A} (${names}) VALUES (${params}) RETURNING ${SELECT_LIST}`;
}
