import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { discardUpload } from "@/lib/files/service";
import { writeParts } from "@/lib/files/storage";
import type { FileRow } from "@/lib/files/wire";

// Files Atelier makes itself rather than receives (issue 23: what the code interpreter writes to
// /mnt/data and the charts it draws, purpose `assistants_output`, as OpenAI names them). They are
// written like uploads, part by part under the per-file limit and the workspace's quota, and become
// visible only when whole; a file that does not fit is discarded and the caller told why.

export const GENERATED_PURPOSE = "assistants_output";

export type GeneratedFile = { filename: string; mimeType: string; bytes: Buffer };

async function* once(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** Stores `file` in `workspaceId`; throws the upload's own errors (file too large, storage full). */
export async function storeGeneratedFile(workspaceId: string, file: GeneratedFile): Promise<FileRow> {
  const env = getEnv();
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.file, createdAt);
  const db = getDb();
  await db.file.create({ data: { id, workspaceId, filename: file.filename, mimeType: file.mimeType, createdAt }, select: { id: true } });
  try {
    const written = await writeParts({ id, workspaceId }, once(file.bytes), { maxFileBytes: env.ATELIER_MAX_FILE_BYTES, quotaBytes: env.ATELIER_WORKSPACE_STORAGE_BYTES });
    return await db.file.update({
      where: { id, workspaceId, status: "uploading" },
      data: { status: "processed", purpose: GENERATED_PURPOSE, bytes: written.bytes, sha256: written.sha256 },
      select: { id: true, bytes: true, filename: true, purpose: true, createdAt: true, expiresAt: true },
    });
  } catch (error) {
    await discardUpload(id).catch(() => {});
    throw error;
  }
}
