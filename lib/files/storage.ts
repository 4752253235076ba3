import "server-only";
import { createHash } from "node:crypto";
import { getPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/files/format";

// A file's bytes in Postgres, as ordered `bytea` parts of PART_BYTES (docs/architecture.md,
// "Files"). Written as an upload streams in and read back one part per query, so neither holds
// more than a part or two in memory whatever the file's size, and no connection is held between
// parts (the embedded database has only one). Plain SQL on the pool Prisma shares: Prisma would
// copy each part through its own engine for nothing.

export const PART_BYTES = 1024 * 1024;

export { formatBytes };

export const fileTooLarge = (limit: number) =>
  new AppError("payload_too_large", `The file is larger than the ${formatBytes(limit)} a file may have here (ATELIER_MAX_FILE_BYTES).`, {
    param: "file",
    apiCode: "file_too_large",
  });

export const storageFull = (quota: number) =>
  new AppError(
    "payload_too_large",
    `This workspace's files would take more than its ${formatBytes(quota)} of storage (ATELIER_WORKSPACE_STORAGE_BYTES); delete files to make room.`,
    { param: "file", apiCode: "storage_quota_exceeded" },
  );

const uploadAbandoned = () =>
  new AppError("conflict", "The upload sent nothing for too long and was discarded; upload the file again.", { apiCode: "upload_abandoned" });

// One statement per part, so it is atomic without a transaction: the workspace's storage grows by
// the part only while it stays within the quota (the row lock of the upsert orders concurrent
// uploads, so together they cannot pass it either), the part is written only if it did, and the
// file's running size and heartbeat move with it. No row back: the quota refused the part.
const WRITE_PART = `
  WITH usage AS (
    INSERT INTO workspace_storage AS s (workspace_id, file_bytes)
    SELECT $1, $4::bigint WHERE $4::bigint <= $5::bigint
    ON CONFLICT (workspace_id) DO UPDATE SET file_bytes = s.file_bytes + EXCLUDED.file_bytes
      WHERE s.file_bytes + EXCLUDED.file_bytes <= $5::bigint
    RETURNING 1
  ), part AS (
    INSERT INTO file_parts (file_id, seq, data) SELECT $2, $3, $6 FROM usage RETURNING 1
  )
  UPDATE files SET bytes = bytes + $4::bigint, updated_at = now() FROM part WHERE files.id = $2 RETURNING files.id`;

export type WriteLimits = { maxFileBytes: number; quotaBytes: number };

export type WrittenContent = { bytes: number; sha256: string };

/**
 * Streams `source` into the file's parts. Throws `fileTooLarge` as soon as the bytes pass
 * `maxFileBytes` and `storageFull` when a part would pass the workspace's quota; the parts already
 * written stay (and count) until the caller discards the file.
 */
export async function writeParts(
  file: { id: string; workspaceId: string },
  source: AsyncIterable<Uint8Array>,
  limits: WriteLimits,
): Promise<WrittenContent> {
  const hash = createHash("sha256");
  // One buffer for every part: pg copies a parameter into its own message before the query's
  // promise settles, so it is free again once the write is awaited.
  const buffer = Buffer.allocUnsafe(Math.min(PART_BYTES, limits.maxFileBytes + 1));
  let filled = 0;
  let seq = 0;
  let total = 0;
  const flush = async () => {
    const data = buffer.subarray(0, filled);
    const { rowCount } = await getPool()
      .query(WRITE_PART, [file.workspaceId, file.id, seq, filled, limits.quotaBytes, data])
      .catch((error: { code?: string }) => {
        // The file row is gone: the sweep took this upload for abandoned (no part for 15 minutes).
        if (error.code === "23503") throw uploadAbandoned();
        throw error;
      });
    if (!rowCount) throw storageFull(limits.quotaBytes);
    seq++;
    filled = 0;
  };
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limits.maxFileBytes) throw fileTooLarge(limits.maxFileBytes);
    hash.update(chunk);
    for (let offset = 0; offset < chunk.byteLength; ) {
      const copied = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).copy(buffer, filled, offset);
      filled += copied;
      offset += copied;
      if (filled === buffer.length) await flush();
    }
  }
  if (filled > 0) await flush();
  return { bytes: total, sha256: hash.digest("hex") };
}

/**
 * The file's content as a stream, one part per pull (and per query), checked against the size the
 * file row states: a file deleted or damaged mid-way errors the stream instead of ending it short.
 */
export function readParts(fileId: string, bytes: number): ReadableStream<Uint8Array> {
  let seq = 0;
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent === bytes) return controller.close();
        // Text format: pg's binary results come back as strings decoded as UTF-8, which garbles bytes.
        const { rows } = await getPool().query<{ data: Buffer }>("SELECT data FROM file_parts WHERE file_id = $1 AND seq = $2", [fileId, seq]);
        const data = rows[0]?.data;
        if (!data || data.byteLength === 0 || sent + data.byteLength > bytes) {
          return controller.error(new Error(`File ${fileId}: part ${seq} is missing or does not fit its size (${sent} of ${bytes} bytes read).`));
        }
        seq++;
        sent += data.byteLength;
        controller.enqueue(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      },
    },
    // Nothing read ahead of the client beyond the part in hand.
    { highWaterMark: 0 },
  );
}
