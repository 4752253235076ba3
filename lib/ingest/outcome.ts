import { isExtractError } from "@/lib/ingest/extract";
import type { Chunk } from "@/lib/ingest/chunk";

// The pure pieces of ingestion (lib/ingest/worker.ts): what a failure records as the vector store
// file's `last_error`, whether it is worth another attempt, and the column arrays chunks are
// inserted with.

export type LastError = { code: "server_error" | "unsupported_file" | "invalid_file"; message: string };

/** The file's own fault (it will fail the same way again) or ours (worth retrying, then server_error). */
export function classifyFailure(error: unknown): { retry: boolean; lastError: LastError } {
  if (isExtractError(error)) return { retry: false, lastError: { code: error.code, message: error.message } };
  const name = (error as { name?: string } | null)?.name;
  const detail = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : String(error);
  // The AI SDK may wrap the abort of a deadline in an error of its own that only says so in words.
  const timedOut = name === "TimeoutError" || name === "AbortError" || /\b(timeout|timed out|aborted)\b/i.test(detail);
  return {
    retry: true,
    lastError: {
      code: "server_error",
      message: timedOut ? `Ingestion timed out (${detail}).` : `The file could not be ingested because of a server error (${detail}).`,
    },
  };
}

/** Rows per INSERT: 7 array parameters, each at most this long, keep statements small on either database. */
export const INSERT_BATCH = 1000;

/** Column arrays for `INSERT … SELECT … FROM unnest(...)`, one statement per INSERT_BATCH chunks. */
export function chunkColumns(chunks: readonly Chunk[], from: number, to: number) {
  const slice = chunks.slice(from, to);
  return {
    seq: slice.map((_, i) => from + i),
    text: slice.map((c) => c.text),
    tokens: slice.map((c) => c.tokenCount),
    start: slice.map((c) => c.start),
    end: slice.map((c) => c.end),
  };
}

/** What a store file counts against the store: the UTF-8 bytes of its chunks' text. */
export function chunkBytes(chunks: readonly Chunk[]): number {
  let total = 0;
  for (const chunk of chunks) total += Buffer.byteLength(chunk.text, "utf8");
  return total;
}
