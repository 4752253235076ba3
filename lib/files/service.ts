import "server-only";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { keysetSql, toPage, type Page } from "@/lib/pagination";
import { containsPattern } from "@/lib/like-pattern";
import { log } from "@/lib/log";
import { recordAudit } from "@/lib/audit/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { FileListQuery, FilePurpose } from "@/lib/files/schema";
import type { FileRow } from "@/lib/files/wire";

// The only code that reads or writes file rows (their bytes: lib/files/storage.ts). Every call takes
// the caller and filters by its workspace, so another workspace's file is simply not found. A file
// is visible once its upload completed (`processed`) and until it expires; an upload under way is
// an `uploading` row that nothing lists.

type Tx = Prisma.TransactionClient;

const VISIBLE = `status = 'processed' AND (expires_at IS NULL OR expires_at > now())`;

/** Strings that cannot be one of our file ids are not found without asking the database. */
function assertFileId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.file)) throw notFound("file", id);
}

export async function getFile(caller: Caller, id: string): Promise<FileRow> {
  assertFileId(id);
  const [row] = await getDb().$queryRawUnsafe<FileRow[]>(
    `SELECT id, bytes, filename, purpose, created_at AS "createdAt", expires_at AS "expiresAt"
     FROM files WHERE id = $1 AND workspace_id = $2 AND ${VISIBLE}`,
    id,
    caller.workspaceId,
  );
  if (!row) throw notFound("file", id);
  return row;
}

export async function listFiles(caller: Caller, query: FileListQuery): Promise<Page<FileRow>> {
  const values: unknown[] = [caller.workspaceId];
  let purpose = "";
  if (query.purpose !== undefined) purpose = `AND purpose = $${values.push(query.purpose)}`;
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.file, values.length + 1);
  const rows = await getDb().$queryRawUnsafe<FileRow[]>(
    `SELECT id, bytes, filename, purpose, created_at AS "createdAt", expires_at AS "expiresAt"
     FROM files WHERE workspace_id = $1 AND ${VISIBLE} ${purpose} ${clause}`,
    ...values,
    ...params,
  );
  return toPage(rows, query.limit, reversed);
}

/** How many files a picker lists at once: type more of the name to narrow. */
export const FILE_PICKER_LIMIT = 20;

/**
 * The console's pickers: files whose name contains `query` (any case), or whose id it is, newest
 * first. An empty query lists the newest.
 */
export async function findFiles(caller: Caller, query: string, limit = FILE_PICKER_LIMIT): Promise<FileRow[]> {
  const text = query.trim();
  return getDb().$queryRawUnsafe<FileRow[]>(
    `SELECT id, bytes, filename, purpose, created_at AS "createdAt", expires_at AS "expiresAt"
     FROM files WHERE workspace_id = $1 AND ${VISIBLE} AND ($2 = '' OR filename ILIKE $3 OR id = $2)
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    caller.workspaceId,
    text,
    containsPattern(text),
    limit,
  );
}

/** Of `ids`, the files the workspace can see now (a picker naming what is chosen); the rest are not found. */
export async function filesByIds(caller: Caller, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return getDb().$queryRawUnsafe<FileRow[]>(
    `SELECT id, bytes, filename, purpose, created_at AS "createdAt", expires_at AS "expiresAt"
     FROM files WHERE id = ANY($1::text[]) AND workspace_id = $2 AND ${VISIBLE}`,
    ids,
    caller.workspaceId,
  );
}

export type FileStoreUse = { id: string; name: string | null; status: string };

/**
 * The vector stores each of `fileIds` is in (the console's list and its delete confirmation), with
 * the file's ingestion status in each; files in no store are absent from the map.
 */
export async function vectorStoresUsingFiles(caller: Caller, fileIds: string[]): Promise<Map<string, FileStoreUse[]>> {
  const byFile = new Map<string, FileStoreUse[]>();
  if (fileIds.length === 0) return byFile;
  const rows = await getDb().$queryRaw<(FileStoreUse & { fileId: string })[]>`
    SELECT vsf.file_id AS "fileId", vs.id, vs.name, vsf.status
    FROM vector_store_files AS vsf JOIN vector_stores AS vs ON vs.id = vsf.vector_store_id
    WHERE vsf.workspace_id = ${caller.workspaceId} AND vs.workspace_id = ${caller.workspaceId} AND vsf.file_id = ANY(${fileIds}::text[])
    ORDER BY vs.created_at, vs.id`;
  for (const { fileId, ...store } of rows) byFile.set(fileId, [...(byFile.get(fileId) ?? []), store]);
  return byFile;
}

/** The text ingestion stored for a file (file_texts), its first `maxChars` only; null before ingestion. */
export async function storedFileText(caller: Caller, id: string, maxChars: number): Promise<{ text: string; chars: number } | null> {
  assertFileId(id);
  const [row] = await getDb().$queryRaw<{ text: string; chars: number }[]>`
    SELECT left(t.text, ${maxChars}::int) AS text, length(t.text)::int AS chars
    FROM file_texts AS t JOIN files AS f ON f.id = t.file_id
    WHERE t.file_id = ${id} AND f.workspace_id = ${caller.workspaceId}`;
  return row ?? null;
}

/** The declared type of a file's upload, which text extraction uses beside the name. */
export async function fileMimeType(caller: Caller, id: string): Promise<string | null> {
  const row = await getDb().file.findFirst({ where: { id, workspaceId: caller.workspaceId }, select: { mimeType: true } });
  return row?.mimeType ?? null;
}

/** Bytes of files the workspace stores now, uploads under way included. */
export async function storageUsed(workspaceId: string): Promise<number> {
  const row = await getDb().workspaceStorage.findUnique({ where: { workspaceId }, select: { fileBytes: true } });
  return Number(row?.fileBytes ?? 0);
}

/** The row an upload writes its parts under; nothing shows it until `completeUpload`. */
export async function startUpload(caller: Caller, input: { filename: string; mimeType: string }): Promise<{ id: string; createdAt: Date }> {
  requireWrite(caller);
  // The id carries its creation time; created_at must be that same instant (lib/pagination.ts).
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.file, createdAt);
  await getDb().file.create({
    data: { id, workspaceId: caller.workspaceId, filename: input.filename, mimeType: input.mimeType, createdAt },
    select: { id: true },
  });
  return { id, createdAt };
}

export type CompletedUpload = { filename: string; purpose: FilePurpose; expiresAfterSeconds: number | null; bytes: number; sha256: string };

/** Makes the uploaded file visible, with its activity-log entry, in one transaction. */
export async function completeUpload(caller: Caller, id: string, upload: CompletedUpload): Promise<FileRow> {
  requireWrite(caller);
  const db = getDb();
  const expiresAt = upload.expiresAfterSeconds === null ? null : new Date(timeFromId(id, ID_PREFIXES.file)!.getTime() + upload.expiresAfterSeconds * 1000);
  const [row] = await db.$transaction([
    db.file.update({
      where: { id, workspaceId: caller.workspaceId, status: "uploading" },
      // `bytes` was counted part by part as they were written; this is the same number, from the stream.
      data: { status: "processed", purpose: upload.purpose, bytes: upload.bytes, sha256: upload.sha256, expiresAt },
      select: { id: true, bytes: true, filename: true, purpose: true, createdAt: true, expiresAt: true },
    }),
    recordAudit(caller, {
      action: "file.created",
      targetType: "file",
      targetId: id,
      targetLabel: upload.filename,
      details: { purpose: upload.purpose, bytes: upload.bytes },
    }),
  ]);
  return row;
}

/** Deletes an upload that did not complete, parts and all, and gives its bytes back to the workspace. */
export async function discardUpload(id: string): Promise<void> {
  await getDb().$executeRawUnsafe(
    `WITH gone AS (DELETE FROM files WHERE id = $1 AND status = 'uploading' RETURNING workspace_id, bytes)
     UPDATE workspace_storage s SET file_bytes = s.file_bytes - gone.bytes FROM gone WHERE s.workspace_id = gone.workspace_id`,
    id,
  );
}

/**
 * Removes a file from every vector store (its store rows and their chunks, the stores' usage) and
 * deletes it with its parts and text, giving its bytes back to the workspace. Runs inside the
 * caller's transaction, after the file row was locked.
 */
async function removeFile(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`UPDATE vector_stores AS vs SET usage_bytes = vs.usage_bytes - vsf.usage_bytes
    FROM vector_store_files AS vsf WHERE vsf.file_id = ${id} AND vs.id = vsf.vector_store_id`;
  await tx.$executeRaw`DELETE FROM chunks AS c USING vector_store_files AS vsf
    WHERE vsf.file_id = ${id} AND c.vector_store_id = vsf.vector_store_id AND c.file_id = vsf.file_id`;
  await tx.$executeRaw`DELETE FROM vector_store_files WHERE file_id = ${id}`;
  // file_parts and file_texts go with the row (ON DELETE CASCADE).
  await tx.$executeRaw`WITH gone AS (DELETE FROM files WHERE id = ${id} RETURNING workspace_id, bytes)
    UPDATE workspace_storage s SET file_bytes = s.file_bytes - gone.bytes FROM gone WHERE s.workspace_id = gone.workspace_id`;
}

export async function deleteFile(caller: Caller, id: string): Promise<void> {
  requireWrite(caller);
  assertFileId(id);
  await getDb().$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<{ filename: string }[]>(
      `SELECT filename FROM files WHERE id = $1 AND workspace_id = $2 AND ${VISIBLE} FOR UPDATE`,
      id,
      caller.workspaceId,
    );
    if (!row) throw notFound("file", id);
    await removeFile(tx, id);
    await recordAudit(caller, { action: "file.deleted", targetType: "file", targetId: id, targetLabel: row.filename }, tx);
  });
}

/** An upload with no part written for this long is taken for abandoned (its client went away). */
const ABANDONED_AFTER = "15 minutes";
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 100;
let lastSweep = 0;

/**
 * Deletes abandoned uploads and expired files, at most once a minute per process (uploads call it,
 * so space is given back before quotas are checked). Expired files are already invisible; this
 * gives their bytes back. Failures are logged: the next sweep tries again.
 */
export async function sweepFiles(): Promise<void> {
  if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = Date.now();
  try {
    const db = getDb();
    // The age is checked again in the DELETE itself: an upload that wrote a part meanwhile stays.
    await db.$executeRawUnsafe(
      `WITH gone AS (
         DELETE FROM files WHERE id IN (
           SELECT id FROM files WHERE status = 'uploading' AND updated_at < now() - $1::interval LIMIT ${SWEEP_BATCH}
         ) AND status = 'uploading' AND updated_at < now() - $1::interval
         RETURNING workspace_id, bytes
       ), freed AS (SELECT workspace_id, sum(bytes) AS bytes FROM gone GROUP BY workspace_id)
       UPDATE workspace_storage s SET file_bytes = s.file_bytes - freed.bytes FROM freed WHERE s.workspace_id = freed.workspace_id`,
      ABANDONED_AFTER,
    );
    const expired = await db.$queryRaw<{ id: string }[]>`SELECT id FROM files
      WHERE status = 'processed' AND expires_at <= now() LIMIT ${SWEEP_BATCH}`;
    for (const { id } of expired) {
      await db.$transaction(async (tx) => {
        // SKIP LOCKED: another instance sweeping (or a delete) has it.
        const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM files WHERE id = ${id} FOR UPDATE SKIP LOCKED`;
        if (locked) await removeFile(tx, id);
      });
    }
  } catch (error) {
    log.warn("could not sweep abandoned uploads and expired files", { error: (error as Error).message });
  }
}
