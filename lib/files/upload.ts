import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseOrThrow } from "@/lib/validation";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { readMultipart, type IncomingFile } from "@/lib/files/multipart";
import { filePurposeFieldSchema, fileUploadFieldsSchema, MAX_FILENAME_CHARS } from "@/lib/files/schema";
import { completeUpload, discardUpload, startUpload, storageUsed, sweepFiles } from "@/lib/files/service";
import { fileTooLarge, storageFull, writeParts, type WriteLimits, type WrittenContent } from "@/lib/files/storage";
import type { FileRow } from "@/lib/files/wire";

// POST /files: a multipart form streamed into the database as it arrives. The file's row is made
// when its part starts, its bytes are written part by part under the per-file and per-workspace
// limits, and it becomes visible only once the whole form was read and valid; on any failure (bad
// field, limit, client gone) the row and its parts are deleted before the error is answered.

const FORM_LIMITS = { maxFields: 10, maxFieldBytes: 64 * 1024 };

// The most a form may carry beside its file: its fields, and busboy's limit on each part's
// headers (80 KiB) for every part. A body longer than the file limit plus this holds a file past it.
const FORM_OVERHEAD_BYTES = FORM_LIMITS.maxFields * FORM_LIMITS.maxFieldBytes + (FORM_LIMITS.maxFields + 1) * 80 * 1024;

function limits(): WriteLimits {
  const env = getEnv();
  return { maxFileBytes: env.ATELIER_MAX_FILE_BYTES, quotaBytes: env.ATELIER_WORKSPACE_STORAGE_BYTES };
}

/** Refusals that need no byte of the body: a full workspace, a declared length past the file limit. */
async function refuseEarly(caller: Caller, request: Request, limits: WriteLimits): Promise<void> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxFileBytes + FORM_OVERHEAD_BYTES) throw fileTooLarge(limits.maxFileBytes);
  if ((await storageUsed(caller.workspaceId)) >= limits.quotaBytes) throw storageFull(limits.quotaBytes);
}

function checkFilename(filename: string | undefined): string {
  const invalid = (message: string) => new AppError("invalid_request", `Invalid 'file': ${message}`, { param: "file" });
  if (!filename) throw invalid("the file part needs a filename (Content-Disposition: form-data; name=\"file\"; filename=\"…\").");
  if ([...filename].length > MAX_FILENAME_CHARS) throw invalid(`the filename is longer than ${MAX_FILENAME_CHARS} characters.`);
  if (/[\u0000-\u001f\u007f]/.test(filename)) throw invalid("the filename contains control characters.");
  return filename;
}

type Stored = WrittenContent & { id: string; filename: string };

export async function createFile(caller: Caller, request: Request): Promise<FileRow> {
  requireWrite(caller);
  const writeLimits = limits();
  await sweepFiles();
  await refuseEarly(caller, request, writeLimits);
  let uploadId: string | null = null;
  try {
    const form = await readMultipart<Stored>(request, FORM_LIMITS, async (incoming: IncomingFile) => {
      const filename = checkFilename(incoming.filename);
      // A purpose sent before the file is checked before any byte is stored.
      if ("purpose" in incoming.fieldsSoFar) parseOrThrow(filePurposeFieldSchema, { purpose: incoming.fieldsSoFar.purpose });
      const { id } = await startUpload(caller, { filename, mimeType: incoming.mimeType });
      uploadId = id;
      const written = await writeParts({ id, workspaceId: caller.workspaceId }, incoming.stream, writeLimits);
      return { ...written, id, filename };
    });
    const fields = parseOrThrow(fileUploadFieldsSchema, form.fields);
    if (!form.file) throw new AppError("invalid_request", "Missing required parameter: 'file'.", { param: "file" });
    return await completeUpload(caller, form.file.id, { ...fields, filename: form.file.filename, bytes: form.file.bytes, sha256: form.file.sha256 });
  } catch (error) {
    if (uploadId) {
      await discardUpload(uploadId).catch((failure: Error) =>
        // The sweep deletes it later (no part written for 15 minutes).
        log.warn("could not delete a failed upload", { fileId: uploadId, error: failure.message }),
      );
    }
    throw error;
  }
}
