import "server-only";
import { getPool, inPgTransaction } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { invalidParam } from "@/lib/validation";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import { containsPattern } from "@/lib/like-pattern";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { enqueueIngest } from "@/lib/ingest/queue";
import { insertStoreFiles, type NewStoreFile } from "@/lib/vector-stores/files";
import type { CreateStoreInput, ExpiresAfter, ModifyStoreInput } from "@/lib/vector-stores/schema";
import type { StoreRow } from "@/lib/vector-stores/wire";

// The only code that reads or writes vector store rows (their files and batches: files.ts, chunks:
// lib/ingest/worker.ts and search/service.ts). Every call is scoped to the caller's workspace, so
// another workspace's store is simply not found. `file_counts` are a grouped count at read time
// (one index range per store): nothing to keep in step when a file is deleted through the Files
// API, a batch is cancelled or a worker finishes, so the counts cannot drift. `usage_bytes` is a
// counter, changed in the same transaction as the file row it sums.

const DAY_MS = 86_400_000;

export const STORE_COLUMNS = `vs.id, vs.name, vs.usage_bytes AS "usageBytes", vs.expires_after AS "expiresAfter",
  vs.expires_at AS "expiresAt", vs.last_active_at AS "lastActiveAt", vs.metadata, vs.created_at AS "createdAt",
  (SELECT json_object_agg(s.status, s.n) FROM (SELECT status, count(*)::int AS n FROM vector_store_files
     WHERE vector_store_id = vs.id GROUP BY status) s) AS counts`;

/** Strings that cannot be one of our store ids are not found without asking the database. */
export function assertStoreId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.vectorStore)) throw notFound("vector store", id);
}

const expiresAt = (after: ExpiresAfter | null | undefined, from: Date) => (after ? new Date(from.getTime() + after.days * DAY_MS) : null);

export async function getStore(workspaceId: string, id: string): Promise<StoreRow> {
  assertStoreId(id);
  const { rows } = await getPool().query<StoreRow>(`SELECT ${STORE_COLUMNS} FROM vector_stores vs WHERE vs.id = $1 AND vs.workspace_id = $2`, [id, workspaceId]);
  if (!rows[0]) throw notFound("vector store", id);
  return rows[0];
}

export async function listStores(caller: Caller, query: ListQuery): Promise<Page<StoreRow>> {
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.vectorStore, 2);
  const { rows } = await getPool().query<StoreRow>(`SELECT ${STORE_COLUMNS} FROM vector_stores vs WHERE vs.workspace_id = $1 ${clause}`, [caller.workspaceId, ...params]);
  return toPage(rows, query.limit, reversed);
}

/** How many stores a picker lists at once: type more of the name to narrow. */
export const STORE_PICKER_LIMIT = 20;

/**
 * The console's pickers: stores whose name contains `query` (any case), or whose id it is, newest
 * first; not a thread's own store (made for its attachments) and not expired, since neither can be
 * given to an assistant usefully.
 */
export async function findStores(workspaceId: string, query: string, limit = STORE_PICKER_LIMIT): Promise<StoreRow[]> {
  const text = query.trim();
  const { rows } = await getPool().query<StoreRow>(
    `SELECT ${STORE_COLUMNS} FROM vector_stores vs
     WHERE vs.workspace_id = $1 AND vs.thread_id IS NULL AND (vs.expires_at IS NULL OR vs.expires_at > now())
       AND ($2 = '' OR vs.name ILIKE $3 OR vs.id = $2)
     ORDER BY vs.created_at DESC, vs.id DESC LIMIT $4`,
    [workspaceId, text, containsPattern(text), limit],
  );
  return rows;
}

/** Of `ids`, the workspace's stores, expired ones included (a picker naming what is chosen); the rest are not found. */
export async function storesByIds(workspaceId: string, ids: string[]): Promise<StoreRow[]> {
  const valid = ids.filter((id) => timeFromId(id, ID_PREFIXES.vectorStore));
  if (valid.length === 0) return [];
  const { rows } = await getPool().query<StoreRow>(`SELECT ${STORE_COLUMNS} FROM vector_stores vs WHERE vs.id = ANY($1::text[]) AND vs.workspace_id = $2`, [valid, workspaceId]);
  return rows;
}

/** Creates the store and its files, queued for ingestion in the same transaction. */
export async function createStore(caller: Caller, input: CreateStoreInput, opts: { threadId?: string } = {}): Promise<StoreRow> {
  requireWrite(caller);
  const id = await createStoreRow(caller.workspaceId, input, opts.threadId ?? null);
  return getStore(caller.workspaceId, id);
}

async function createStoreRow(workspaceId: string, input: CreateStoreInput, threadId: string | null): Promise<string> {
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.vectorStore, createdAt);
  const files: NewStoreFile[] = (input.file_ids ?? []).map((fileId) => ({ file_id: fileId, chunking_strategy: input.chunking_strategy, attributes: null }));
  const queued = await inPgTransaction(async (client) => {
    await client.query(
      `INSERT INTO vector_stores (id, workspace_id, name, expires_after, expires_at, last_active_at, metadata, thread_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6)`,
      [id, workspaceId, input.name ?? null, input.expires_after ? JSON.stringify(input.expires_after) : null, expiresAt(input.expires_after, createdAt), createdAt, JSON.stringify(input.metadata ?? {}), threadId],
    );
    await insertStoreFiles(client, { workspaceId, storeId: id, batchId: null, files, param: "file_ids" });
    return enqueueIngest(client, files.map((file) => ({ vectorStoreId: id, fileId: file.file_id })));
  });
  queued();
  return id;
}

export async function modifyStore(caller: Caller, id: string, input: ModifyStoreInput): Promise<StoreRow> {
  requireWrite(caller);
  assertStoreId(id);
  const sets: string[] = [];
  const values: unknown[] = [id, caller.workspaceId];
  if (input.name !== undefined) sets.push(`name = $${values.push(input.name)}`);
  if (input.metadata !== undefined) sets.push(`metadata = $${values.push(JSON.stringify(input.metadata ?? {}))}`);
  if (input.expires_after !== undefined) {
    const after = input.expires_after;
    sets.push(`expires_after = $${values.push(after ? JSON.stringify(after) : null)}`);
    // Counted from the store's last activity, as the anchor says.
    sets.push(after ? `expires_at = coalesce(last_active_at, created_at) + make_interval(days => $${values.push(after.days)}::int)` : "expires_at = NULL");
  }
  if (sets.length) {
    const { rowCount } = await getPool().query(`UPDATE vector_stores SET ${sets.join(", ")} WHERE id = $1 AND workspace_id = $2`, values);
    if (!rowCount) throw notFound("vector store", id);
  }
  return getStore(caller.workspaceId, id);
}

/** Deletes the store with its files' rows and chunks (ON DELETE CASCADE); the files themselves stay. */
export async function deleteStore(caller: Caller, id: string): Promise<void> {
  requireWrite(caller);
  assertStoreId(id);
  const { rowCount } = await getPool().query("DELETE FROM vector_stores WHERE id = $1 AND workspace_id = $2", [id, caller.workspaceId]);
  if (!rowCount) throw notFound("vector store", id);
}

/** Marks stores used (search, file_search): moves `last_active_at` and the expiry anchored to it. */
export async function touchStores(workspaceId: string, ids: string[]): Promise<void> {
  await getPool().query(
    `UPDATE vector_stores SET last_active_at = now(),
       expires_at = CASE WHEN expires_after IS NULL THEN expires_at ELSE now() + make_interval(days => (expires_after->>'days')::int) END
     WHERE id = ANY($1::text[]) AND workspace_id = $2 AND (last_active_at IS NULL OR last_active_at < now() - interval '1 minute')`,
    [ids, workspaceId],
  );
}

/**
 * For tool_resources.file_search.vector_store_ids: every id must be a store of this workspace that
 * has not expired, else a 400 naming the parameter (nothing is written by the caller then).
 */
export async function assertStoresUsable(workspaceId: string, ids: string[], param = "tool_resources.file_search.vector_store_ids"): Promise<void> {
  const valid = ids.filter((id) => timeFromId(id, ID_PREFIXES.vectorStore));
  const { rows } = valid.length
    ? await getPool().query<{ id: string; expired: boolean }>(
        "SELECT id, coalesce(expires_at <= now(), false) AS expired FROM vector_stores WHERE id = ANY($1::text[]) AND workspace_id = $2",
        [valid, workspaceId],
      )
    : { rows: [] };
  const found = new Map(rows.map((row) => [row.id, row.expired]));
  ids.forEach((id, index) => {
    if (!found.has(id)) throw invalidParam(`${param}[${index}]`, `No vector store found with id '${id}'.`);
    if (found.get(id)) throw invalidParam(`${param}[${index}]`, `Vector store '${id}' has expired.`);
  });
}

/** The store a thread makes for files attached to it (tool_resources.file_search.vector_stores / attachments). */
export async function createStoreForThread(workspaceId: string, threadId: string, fileIds: string[]): Promise<string> {
  return createStoreRow(workspaceId, { name: `thread ${threadId}`, file_ids: fileIds }, threadId);
}

/** A store row locked for a change to its files, or 404. */
export async function lockStore(client: { query: (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }> }, workspaceId: string, id: string): Promise<void> {
  assertStoreId(id);
  const { rows } = await client.query("SELECT id FROM vector_stores WHERE id = $1 AND workspace_id = $2 FOR UPDATE", [id, workspaceId]);
  if (!rows[0]) throw notFound("vector store", id);
}

