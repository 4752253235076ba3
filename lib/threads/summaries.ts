import "server-only";
import { getPool } from "@/lib/db";
import { ID_PREFIXES } from "@/lib/ids";
import { keysetSql, toPage, type Page } from "@/lib/pagination";
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

type Row = { id: string; title: string | null; firstMessage: string | null; messageCount: number; created_at: Date; lastActiveAt: Date | null };

const PREVIEW_CHARS = 160;

/** Escapes LIKE's wildcards (backslash is Postgres's default escape): "50%" means those three characters. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listThreadSummaries(caller: Caller, query: ThreadSummaryQuery): Promise<Page<ThreadSummary>> {
  const search = query.search?.trim() || null;
  const { clause, params, reversed } = keysetSql({ limit: query.limit, order: "desc", after: query.after }, ID_PREFIXES.thread, search ? 4 : 2);
  // The first message's text is its first text part. The lateral reads use the messages'
  // (thread_id, created_at, id) index; the outer keyset clause works on plain column names.
  const sql = `
    SELECT * FROM (
      SELECT t.id, t.metadata->>'${THREAD_TITLE_KEY}' AS title, t.created_at,
             first.text AS "firstMessage", stats.count::int AS "messageCount", stats.last AS "lastActiveAt"
      FROM threads t
      LEFT JOIN LATERAL (
        SELECT left(m.content->0->'text'->>'value', ${PREVIEW_CHARS}) AS text FROM messages m
        WHERE m.thread_id = t.id ORDER BY m.created_at, m.id LIMIT 1
      ) first ON true
      LEFT JOIN LATERAL (SELECT count(*) AS count, max(m.created_at) AS last FROM messages m WHERE m.thread_id = t.id) stats ON true
      WHERE t.workspace_id = $1
    ) s
    WHERE true ${search ? `AND (id = $2 OR title ILIKE $3 OR "firstMessage" ILIKE $3)` : ""}
    ${clause}`;
  const values = search ? [caller.workspaceId, search, likePattern(search), ...params] : [caller.workspaceId, ...params];
  const { rows } = await getPool().query<Row>(sql, values);
  const page = toPage(rows, query.limit, reversed);
  return {
    hasMore: page.hasMore,
    data: page.data.map((row) => ({
      id: row.id,
      title: row.title,
      first_message: row.firstMessage,
      message_count: row.messageCount,
      created_at: unixSeconds(row.created_at),
      last_active_at: unixSeconds(row.lastActiveAt ?? row.created_at),
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
