import "server-only";
import type pg from "pg";
import { getPool, inPgTransaction } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { toPage, type Page } from "@/lib/pagination";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { enqueueIngest } from "@/lib/ingest/queue";
import { assertStoreId, lockStore } from "@/lib/vector-stores/service";
import { resolveChunkingStrategy, type ChunkingStrategyParam } from "@/lib/vector-stores/chunking";
import type { Attributes } from "@/lib/vector-stores/attributes";
import type { StoreFileListQuery } from "@/lib/vector-stores/list-query";
import type { AddFileInput, BatchFiles } from "@/lib/vector-stores/schema";
import type { BatchRow, StoreFileDetailRow, StoreFileRow } from "@/lib/vector-stores/wire";

// A store's files and file batches. Adding files writes their rows `in_progress` and their
// ingestion jobs (lib/ingest) in one transaction; the worker alone moves them on, except cancel (batch)
// and delete, which lock the row first so a worker finishing meanwhile cannot overwrite them.

type Queryable = Pick<pg.PoolClient, "query">;

export type NewStoreFile = { file_id: string; chunking_strategy?: ChunkingStrategyParam; attributes?: Attributes | null };

const FILE_COLUMNS = `vsf.file_id AS "fileId", vsf.vector_store_id AS "vectorStoreId", vsf.status, vsf.last_error AS "lastError",
  vsf.usage_bytes AS "usageBytes", vsf.chunking_strategy AS "chunkingStrategy", vsf.attributes, vsf.created_at AS "createdAt"`;

/** The console's rows: the file's name and how many chunks ingestion made, beside the API's fields. */
const DETAIL_COLUMNS = `${FILE_COLUMNS}, vsf.chunk_count AS "chunkCount", (SELECT f.filename FROM files f WHERE f.id = vsf.file_id) AS filename`;

const counts = (where: string) => `(SELECT json_object_agg(s.status, s.n) FROM (SELECT status, count(*)::int AS n FROM vector_store_files WHERE ${where} GROUP BY status) s)`;
const BATCH_COLUMNS = `b.id, b.vector_store_id AS "vectorStoreId", b.status, b.created_at AS "createdAt", ${counts("batch_id = b.id")} AS counts`;

function assertFileId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.file)) throw notFound("file", id);
}

/**
 * Inserts the store's file rows (`in_progress`) inside the caller's transaction; every file must be
 * a visible file of the workspace, else a 400 naming it (`param[i]`). A file already in the store
 * keeps its row (and status); in a batch it joins the batch.
 */
export async function insertStoreFiles(
  client: Queryable,
  o: { workspaceId: string; storeId: string; batchId: string | null; files: NewStoreFile[]; param: string },
): Promise<void> {
  if (o.files.length === 0) return;
  const ids = o.files.map((f) => f.file_id);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM files WHERE id = ANY($1::text[]) AND workspace_id = $2 AND status = 'processed' AND (expires_at IS NULL OR expires_at > now()) FOR SHARE`,
    [ids.filter((id) => timeFromId(id, ID_PREFIXES.file)), o.workspaceId],
  );
  const found = new Set(rows.map((row) => row.id));
  ids.forEach((id, index) => {
    if (!found.has(id)) {
      throw new AppError("invalid_request", `No file found with id '${id}'.`, { param: o.param === "file_id" ? "file_id" : `${o.param}[${index}]` });
    }
  });
  const now = new Date();
  await client.query(
    `INSERT INTO vector_store_files (vector_store_id, file_id, workspace_id, chunking_strategy, attributes, batch_id, created_at)
     SELECT $1, f.id, $2, f.cs::json, f.attrs::jsonb, $3, $4 FROM unnest($5::text[], $6::text[], $7::text[]) AS f(id, cs, attrs)
     ON CONFLICT (vector_store_id, file_id) DO UPDATE SET batch_id = coalesce(EXCLUDED.batch_id, vector_store_files.batch_id)`,
    [
      o.storeId,
      o.workspaceId,
      o.batchId,
      now,
      ids,
      o.files.map((f) => JSON.stringify(resolveChunkingStrategy(f.chunking_strategy))),
      o.files.map((f) => (f.attributes ? JSON.stringify(f.attributes) : null)),
    ],
  );
}

export async function getStoreFile(workspaceId: string, storeId: string, fileId: string): Promise<StoreFileRow> {
  assertStoreId(storeId);
  assertFileId(fileId);
  const { rows } = await getPool().query<StoreFileRow>(
    `SELECT ${FILE_COLUMNS} FROM vector_store_files vsf WHERE vsf.vector_store_id = $1 AND vsf.file_id = $2 AND vsf.workspace_id = $3`,
    [storeId, fileId, workspaceId],
  );
  if (!rows[0]) throw notFound("file", fileId);
  return rows[0];
}

export async function addStoreFile(caller: Caller, storeId: string, input: AddFileInput): Promise<StoreFileRow> {
  requireWrite(caller);
  const queued = await inPgTransaction(async (client) => {
    await lockStore(client, caller.workspaceId, storeId);
    await insertStoreFiles(client, { workspaceId: caller.workspaceId, storeId, batchId: null, files: [input], param: "file_id" });
    return enqueueIngest(client, [{ vectorStoreId: storeId, fileId: input.file_id }]);
  });
  queued();
  return getStoreFile(caller.workspaceId, storeId, input.file_id);
}

/** Keyset pages over (created_at, file_id): the cursor is a file id, its row's created_at looked up. */
async function pageStoreFiles<Row extends StoreFileRow = StoreFileRow>(
  where: string,
  values: unknown[],
  query: StoreFileListQuery,
  columns = FILE_COLUMNS,
): Promise<Page<Row>> {
  if (query.after && query.before) throw new AppError("invalid_request", "Pass either 'after' or 'before', not both.", { param: "before" });
  const params = [...values];
  let condition = where;
  if (query.filter) condition += ` AND vsf.status = $${params.push(query.filter)}`;
  const reversed = Boolean(query.before);
  const desc = (query.order === "desc") !== reversed;
  const [op, dir] = desc ? ["<", "DESC"] : [">", "ASC"];
  const cursorId = query.after ?? query.before;
  if (cursorId) {
    const at = `(SELECT created_at FROM vector_store_files c WHERE c.vector_store_id = vsf.vector_store_id AND c.file_id = $${params.push(cursorId)})`;
    condition += ` AND (vsf.created_at, vsf.file_id) ${op} (${at}, $${params.length})`;
  }
  const { rows } = await getPool().query<Row>(
    `SELECT ${columns} FROM vector_store_files vsf WHERE ${condition}
     ORDER BY vsf.created_at ${dir}, vsf.file_id ${dir} LIMIT ${query.limit + 1}`,
    params,
  );
  return toPage(rows, query.limit, reversed);
}

export async function listStoreFiles(workspaceId: string, storeId: string, query: StoreFileListQuery): Promise<Page<StoreFileRow>> {
  await assertStoreExists(workspaceId, storeId);
  return pageStoreFiles("vsf.vector_store_id = $1 AND vsf.workspace_id = $2", [storeId, workspaceId], query);
}

/** The console's page of a store's files: each with its file's name and its chunk count. */
export async function listStoreFileDetails(workspaceId: string, storeId: string, query: StoreFileListQuery): Promise<Page<StoreFileDetailRow>> {
  await assertStoreExists(workspaceId, storeId);
  return pageStoreFiles<StoreFileDetailRow>("vsf.vector_store_id = $1 AND vsf.workspace_id = $2", [storeId, workspaceId], query, DETAIL_COLUMNS);
}

/** Which of `fileIds` are in the store (the console's file picker marks them). */
export async function fileIdsInStore(workspaceId: string, storeId: string, fileIds: string[]): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const { rows } = await getPool().query<{ id: string }>(
    "SELECT file_id AS id FROM vector_store_files WHERE vector_store_id = $1 AND workspace_id = $2 AND file_id = ANY($3::text[])",
    [storeId, workspaceId, fileIds],
  );
  return new Set(rows.map((row) => row.id));
}

async function assertStoreExists(workspaceId: string, storeId: string): Promise<void> {
  assertStoreId(storeId);
  const { rows } = await getPool().query("SELECT 1 FROM vector_stores WHERE id = $1 AND workspace_id = $2", [storeId, workspaceId]);
  if (!rows[0]) throw notFound("vector store", storeId);
}

export async function updateStoreFileAttributes(caller: Caller, storeId: string, fileId: string, attributes: Attributes | null): Promise<StoreFileRow> {
  requireWrite(caller);
  assertStoreId(storeId);
  assertFileId(fileId);
  const { rowCount } = await getPool().query(
    "UPDATE vector_store_files SET attributes = $4::jsonb WHERE vector_store_id = $1 AND file_id = $2 AND workspace_id = $3",
    [storeId, fileId, caller.workspaceId, attributes ? JSON.stringify(attributes) : null],
  );
  if (!rowCount) throw notFound("file", fileId);
  return getStoreFile(caller.workspaceId, storeId, fileId);
}

/** Removes the file from the store (its chunks go with the row); the file itself stays. */
export async function removeStoreFile(caller: Caller, storeId: string, fileId: string): Promise<void> {
  requireWrite(caller);
  assertStoreId(storeId);
  assertFileId(fileId);
  await inPgTransaction(async (client) => {
    // The store first, then its file: the order every writer takes (a deadlock otherwise).
    await lockStore(client, caller.workspaceId, storeId);
    const { rows } = await client.query<{ usage: string }>(
      "DELETE FROM vector_store_files WHERE vector_store_id = $1 AND file_id = $2 AND workspace_id = $3 RETURNING usage_bytes AS usage",
      [storeId, fileId, caller.workspaceId],
    );
    if (!rows[0]) throw notFound("file", fileId);
    await client.query("UPDATE vector_stores SET usage_bytes = usage_bytes - $2::bigint WHERE id = $1", [storeId, rows[0].usage]);
  });
}

/** The file's parsed text, as ingestion extracted it (empty until then). */
export async function storeFileContent(workspaceId: string, storeId: string, fileId: string): Promise<{ type: "text"; text: string }[]> {
  await getStoreFile(workspaceId, storeId, fileId);
  const { rows } = await getPool().query<{ text: string }>("SELECT text FROM file_texts WHERE file_id = $1", [fileId]);
  return rows[0] ? [{ type: "text", text: rows[0].text }] : [];
}

// Batches.

export async function createBatch(caller: Caller, storeId: string, files: BatchFiles): Promise<BatchRow> {
  requireWrite(caller);
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.vectorStoreFileBatch, createdAt);
  const queued = await inPgTransaction(async (client) => {
    await lockStore(client, caller.workspaceId, storeId);
    await client.query("INSERT INTO vector_store_file_batches (id, workspace_id, vector_store_id, created_at) VALUES ($1, $2, $3, $4)", [id, caller.workspaceId, storeId, createdAt]);
    await insertStoreFiles(client, { workspaceId: caller.workspaceId, storeId, batchId: id, files, param: "file_ids" });
    return enqueueIngest(client, files.map((file) => ({ vectorStoreId: storeId, fileId: file.file_id })));
  });
  queued();
  return getBatch(caller.workspaceId, storeId, id);
}

export async function getBatch(workspaceId: string, storeId: string, batchId: string): Promise<BatchRow> {
  assertStoreId(storeId);
  if (!timeFromId(batchId, ID_PREFIXES.vectorStoreFileBatch)) throw notFound("file batch", batchId);
  const { rows } = await getPool().query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM vector_store_file_batches b WHERE b.id = $1 AND b.vector_store_id = $2 AND b.workspace_id = $3`,
    [batchId, storeId, workspaceId],
  );
  if (!rows[0]) throw notFound("file batch", batchId);
  return rows[0];
}

/** Cancels the batch's files not yet ingested; a worker on one of them finds it cancelled and leaves it. */
export async function cancelBatch(caller: Caller, storeId: string, batchId: string): Promise<BatchRow> {
  requireWrite(caller);
  await getBatch(caller.workspaceId, storeId, batchId);
  await inPgTransaction(async (client) => {
    await client.query("UPDATE vector_store_file_batches SET status = 'cancelled' WHERE id = $1 AND status = 'in_progress'", [batchId]);
    await client.query("UPDATE vector_store_files SET status = 'cancelled' WHERE batch_id = $1 AND status = 'in_progress'", [batchId]);
  });
  return getBatch(caller.workspaceId, storeId, batchId);
}

export async function listBatchFiles(workspaceId: string, storeId: string, batchId: string, query: StoreFileListQuery): Promise<Page<StoreFileRow>> {
  await getBatch(workspaceId, storeId, batchId);
  return pageStoreFiles("vsf.batch_id = $1 AND vsf.workspace_id = $2", [batchId, workspaceId], query);
}
