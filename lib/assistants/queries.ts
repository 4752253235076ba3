import "server-only";
import { getPool } from "@/lib/db";
import type { Assistant } from "@/lib/generated/prisma/client";
import { ID_PREFIXES } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";

// The assistant reads every API call makes (retrieve, list pages), in plain SQL on the pool Prisma
// shares. Measured with `npm run bench:api`: Prisma's per-row result mapping cost about as much
// server time as Next itself on these paths. Writes stay with Prisma. The columns are aliased to
// Prisma's field names and pg parses timestamptz/json/float8 to the same JS values, so callers get
// the Prisma `Assistant` type; e2e/api/assistant-reads.test.ts pins the two reads to Prisma's.

const COLUMNS = `id, workspace_id AS "workspaceId", name, description, model, instructions, temperature,
  top_p AS "topP", top_k AS "topK", max_tokens AS "maxTokens", reasoning_effort AS "reasoningEffort",
  tools, tool_resources AS "toolResources", metadata, response_format AS "responseFormat",
  user_id AS "userId", webhook_url AS "webhookUrl",
  mock_outputs AS "mockOutputs", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Exported so the benchmark's bare server sends the very same statements (scripts/bench/). */
export const SELECT_ASSISTANTS_SQL = `SELECT ${COLUMNS} FROM assistants`;
export const SELECT_ASSISTANT_BY_ID_SQL = `${SELECT_ASSISTANTS_SQL} WHERE id = $1 AND workspace_id = $2`;

export async function selectAssistant(workspaceId: string, id: string): Promise<Assistant | null> {
  const { rows } = await getPool().query<Assistant>({ name: "assistant_by_id", text: SELECT_ASSISTANT_BY_ID_SQL, values: [id, workspaceId] });
  return rows[0] ?? null;
}

export async function selectAssistantPage(workspaceId: string, query: ListQuery): Promise<Page<Assistant>> {
  // $1 is the workspace; the page's own parameters follow from $2.
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.assistant, 2);
  const { rows } = await getPool().query<Assistant>(`${SELECT_ASSISTANTS_SQL} WHERE workspace_id = $1 ${clause}`, [workspaceId, ...params]);
  return toPage(rows, query.limit, reversed);
}
