import "server-only";
import { getPool } from "@/lib/db";
import { containsPattern } from "@/lib/like-pattern";
import { toPage, type Page } from "@/lib/pagination";
import type { Caller } from "@/lib/auth/caller";
import { requireWrite } from "@/lib/auth/caller";
import { getThread, updateThread } from "@/lib/threads/service";
import type { ThreadSummaryQuery } from "@/lib/threads/summary-schema";
import { THREAD_TITLE_KEY } from "@/lib/threads/summary-schema";
import { unixSeconds } from "@/lib/wire";

// The playground's thread list: each thread with what a person recognises it by (its title, else
// its first message) and when it was last active. The API's thread object has neither, and OpenAI
// has no list endpoint at all, so this is the console's own read, not a wire object.

export type ThreadSummary = {
  id: string;
  title: string | null;
  first_message: string | null;
  message_count: number;
  created_at: number;
  last_active_at: number;
};

type Row = { id: string; title: string | null; firstMessage: string | null; messageCount: number; created_at: Date; lastActiveAt: Date };

const PREVIEW_CHARS = 160;

/** Escapes LIKE's wildcards (backslash is Postgres's default escape): "50%" means those three characters. */

/** A thread's first message, cut to a preview (its first text part), read on the messages' (thread_id, created_at, id) index. */
const FIRST_MESSAGE = (thread: string) =>
  `(SELECT left(m.content->0->'text'->>'value', ${PREVIEW_CHARS}) FROM messages m WHERE m.thread_id = ${thread}.id ORDER BY m.created_at, m.id LIMIT 1)`;

/**
 * Most recently active first (its newest message, else its creation), as chat apps order them:
 * a thread someone just continued comes back to the top. The cursor is a thread id; the page
 * after it starts below that thread's place. Only the page's rows pay for the preview and count.
 */
export async function listThreadSummaries(caller: Caller, query: ThreadSummaryQuery): Promise<Page<ThreadSummary>> {
  const search = query.search?.trim() || null;
  const values: unknown[] = [caller.workspaceId];
  const param = (value: unknown) => `$${values.push(value)}`;
  let searchSql = "";
  if (search) {
    const [id, pattern] = [param(search), param(containsPattern(search))];
    searchSql = `AND (t.id = ${id} OR t.metadata->>'${THREAD_TITLE_KEY}' ILIKE ${pattern} OR ${FIRST_MESSAGE("t")} ILIKE ${pattern})`;
  }
  // A thread is an assistant's when it has a run of it (runs are read on their thread_id index) or
  // was created from its playground (before its first run, or when that run was refused).
  let assistantSql = "";
  if (query.assistantId) {
    const id = param(query.assistantId);
    assistantSql = `AND (t.playground_assistant_id = ${id} OR EXISTS (SELECT 1 FROM runs r WHERE r.thread_id = t.id AND r.assistant_id = ${id}))`;
  }
  const afterSql = query.after ? `WHERE (active, id) < (SELECT active, id FROM ranked WHERE id = ${param(query.after)})` : "";
  const limit = param(query.limit + 1);
  const sql = `
    WITH ranked AS (
      SELECT t.id, t.metadata->>'${THREAD_TITLE_KEY}' AS title, t.created_at,
             coalesce((SELECT max(m.created_at) FROM messages m WHERE m.thread_id = t.id), t.created_at) AS active
      FROM threads t
      WHERE t.workspace_id = $1 ${searchSql} ${assistantSql}
    )
    SELECT p.id, p.title, p.created_at, p.active AS "lastActiveAt", ${FIRST_MESSAGE("p")} AS "firstMessage",
           (SELECT count(*) FROM messages m WHERE m.thread_id = p.id)::int AS "messageCount"
    FROM (SELECT * FROM ranked ${afterSql} ORDER BY active DESC, id DESC LIMIT ${limit}) p
    ORDER BY p.active DESC, p.id DESC`;
  const { rows } = await getPool().query<Row>(sql, values);
  const page = toPage(rows, query.limit, false);
  return {
    hasMore: page.hasMore,
    data: page.data.map((row) => ({
      id: row.id,
      title: row.title,
      first_message: row.firstMessage,
      message_count: row.messageCount,
      created_at: unixSeconds(row.created_at),
      last_active_at: unixSeconds(row.lastActiveAt),
    })),
  };
}

/** Sets (or, with an empty title, clears) the thread's title, keeping its other metadata. */
export async function renameThread(caller: Caller, id: string, title: string): Promise<void> {
  requireWrite(caller);
  const thread = await getThread(caller, id);
  const metadata = { ...((thread.metadata ?? {}) as Record<string, string>) };
  if (title) metadata[THREAD_TITLE_KEY] = title;
  else delete metadata[THREAD_TITLE_KEY];
  await updateThread(caller, id, { metadata });
}
