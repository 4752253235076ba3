import "server-only";
import { extractText, isExtractError } from "@/lib/ingest/extract";
import type { Caller } from "@/lib/auth/caller";
import { fileMimeType, getFile, storedFileText } from "@/lib/files/service";
import { formatBytes, readParts } from "@/lib/files/storage";

// The console's preview of a file's text: what ingestion stored (file_texts) when it has run,
// otherwise the same extraction ingestion would do, run now and kept nowhere. Only the first
// PREVIEW_CHARS are sent to the browser: a preview, not a download.

export const PREVIEW_CHARS = 100_000;
/** Extracting on demand reads the whole file into memory; past this it waits for ingestion instead. */
export const PREVIEW_EXTRACT_MAX_BYTES = 25 * 1024 * 1024;
const PREVIEW_EXTRACT_TIMEOUT_MS = 20_000;

export type FilePreview =
  | { ok: true; text: string; chars: number; truncated: boolean; source: "stored" | "extracted"; format: string | null }
  | { ok: false; code: "unsupported_file" | "invalid_file" | "too_large"; message: string };

/** The first `max` UTF-16 units, without leaving half of a surrogate pair at the end. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

export async function previewFile(caller: Caller, id: string): Promise<FilePreview> {
  const file = await getFile(caller, id);
  const stored = await storedFileText(caller, id, PREVIEW_CHARS);
  if (stored) return { ok: true, text: stored.text, chars: stored.chars, truncated: stored.chars > PREVIEW_CHARS, source: "stored", format: null };

  const bytes = Number(file.bytes);
  if (bytes > PREVIEW_EXTRACT_MAX_BYTES) {
    return {
      ok: false,
      code: "too_large",
      message: `This file (${formatBytes(bytes)}) is too large to read here before it is indexed (the limit is ${formatBytes(PREVIEW_EXTRACT_MAX_BYTES)}). Add it to a vector store and its text shows here once indexed.`,
    };
  }
  try {
    const extracted = await extractText(readParts(id, bytes), {
      filename: file.filename,
      mimeType: await fileMimeType(caller, id),
      signal: AbortSignal.timeout(PREVIEW_EXTRACT_TIMEOUT_MS),
    });
    const chars = extracted.text.length;
    return { ok: true, text: cutAt(extracted.text, PREVIEW_CHARS), chars, truncated: chars > PREVIEW_CHARS, source: "extracted", format: extracted.format };
  } catch (error) {
    // The file's own fault (not text, damaged, scanned PDF): said as extraction says it.
    if (isExtractError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
