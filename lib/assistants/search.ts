import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { getPool } from "@/lib/db";
import { containsPattern } from "@/lib/like-pattern";
import { ID_PREFIXES } from "@/lib/ids";
import { keysetSql, toPage, type Page } from "@/lib/pagination";
import { SELECT_ASSISTANTS_SQL } from "@/lib/assistants/queries";
import { CONSOLE_PAGE_SIZE, parseMetaFilter, type AssistantSearch } from "@/lib/assistants/search-schema";
import type { Assistant } from "@/lib/generated/prisma/client";
import type { LatestTests } from "@/lib/assistants/wire";

// The console's list: newest first, filtered in SQL (name contains, model equals, one metadata
// key[=value]) and paged by keyset like the API, with the total that matches.

function where(caller: Caller, search: AssistantSearch): { sql: string; values: unknown[] } {
  const values: unknown[] = [caller.workspaceId];
  const conditions = ["workspace_id = $1"];
  if (search.q) {
    values.push(containsPattern(search.q));
    conditions.push(`name ILIKE $${values.length}`);
  }
  if (search.model) {
    values.push(search.model);
    conditions.push(`model = $${values.length}`);
  }
  const meta = parseMetaFilter(search.meta);
  if (meta) {
    values.push(meta.key);
    const keyParam = `$${values.length}`;
    // `json` (not jsonb) keeps key order for the API; the cast is only for matching.
    if (meta.value === null) conditions.push(`(metadata::jsonb) ? ${keyParam}`);
    else {
      values.push(meta.value);
      conditions.push(`(metadata::jsonb ->> ${keyParam}) = $${values.length}`);
    }
  }
  return { sql: conditions.join(" AND "), values };
}

export type LabelPointer = { label: string; version: number };
export type AssistantSearchPage = Page<Assistant & { labels: LabelPointer[]; tests: LatestTests | null }> & { total: number };

export async function searchAssistants(caller: Caller, search: AssistantSearch): Promise<AssistantSearchPage> {
  const filter = where(caller, search);
  const query = { limit: CONSOLE_PAGE_SIZE, order: "desc" as const, after: search.after, before: search.before };
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.assistant, filter.values.length + 1);
  const [rows, count] = await Promise.all([
    getPool().query<Assistant>(`${SELECT_ASSISTANTS_SQL} WHERE ${filter.sql} ${clause}`, [...filter.values, ...params]),
    getPool().query<{ total: number }>(`SELECT count(*)::int AS total FROM assistants WHERE ${filter.sql}`, filter.values),
  ]);
  const page = toPage(rows.rows, query.limit, reversed);
  // The list shows each assistant's labels beside its version: one more statement for the page.
  const ids = page.data.map((row) => row.id);
  const [labels, tests] = await Promise.all([
    getPool().query<LabelPointer & { assistant_id: string }>("SELECT assistant_id, label, version FROM assistant_labels WHERE assistant_id = ANY ($1) ORDER BY label", [ids]),
    // And its latest test run's outcome (a badge): the newest run per assistant, its attempts counted.
    getPool().query<LatestTests>(
      `SELECT r.assistant_id AS "assistantId", r.id AS "testRunId", r.status, c.passed, c.decided
         FROM (SELECT DISTINCT ON (assistant_id) assistant_id, id, status FROM assistant_test_runs WHERE assistant_id = ANY ($1) ORDER BY assistant_id, created_at DESC, id DESC) r
         CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE status = 'passed')::int AS passed, count(*) FILTER (WHERE status IN ('passed', 'failed', 'errored'))::int AS decided
                               FROM assistant_test_results WHERE test_run_id = r.id) c`,
      [ids],
    ),
  ]);
  const testsOf = new Map(tests.rows.map((row) => [row.assistantId, row]));
  const byAssistant = new Map<string, LabelPointer[]>();
  for (const { assistant_id: id, label, version } of labels.rows) byAssistant.set(id, [...(byAssistant.get(id) ?? []), { label, version }]);
  const data = page.data.map((row) => ({ ...row, labels: byAssistant.get(row.id) ?? [], tests: testsOf.get(row.id) ?? null }));
  return { ...page, data, total: count.rows[0]?.total ?? 0 };
}

/** Models in use in the workspace, most used first (the model filter's choices). */
export async function modelsInUse(caller: Caller): Promise<string[]> {
  const { rows } = await getPool().query<{ model: string }>(
    `SELECT model FROM assistants WHERE workspace_id = $1 GROUP BY model ORDER BY count(*) DESC, model LIMIT 100`,
    [caller.workspaceId],
  );
  return rows.map((row) => row.model);
}
