import { isExtractError } from "@/lib/ingest/extract";
import type { Chunk } from "@/lib/ingest/chunk";

// The pure pieces of ingestion (lib/ingest/worker.ts): what a failure records as the vector store
// file's `last_error`, whether it is worth another attempt, and the column arrays chunks are
// inserted with. `last_error` is read by every member and API client, so it says what happened in
// plain words and never carries a database's or a library's own message (the server log has those,
// under the store and file ids).

export type LastError = { code: "server_error" | "unsupported_file" | "invalid_file"; message: string };

/** The embedding model's failure, as the worker wraps it (embeddingFailure): the model's fault, not the file's. */
export class EmbeddingFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddingFailure";
  }
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);

/**
 * What an error of the embedding call becomes. A deadline (ATELIER_EMBEDDING_TIMEOUT_SECONDS) names
 * the setting; the provider's own answer (HTTP status and message, its key already masked by
 * lib/providers/http.ts) is quoted. The AI SDK may wrap the abort of a deadline in an error of its
 * own that only says so in words.
 */
export function embeddingFailure(error: unknown, o: { model: string; timeoutSeconds: number }): EmbeddingFailure {
  const name = (error as { name?: string } | null)?.name;
  const detail = firstLine(error);
  if (name === "TimeoutError" || name === "AbortError" || /\b(timeout|timed out|aborted)\b/i.test(detail)) {
    return new EmbeddingFailure(`The embedding model ${o.model} did not answer within ATELIER_EMBEDDING_TIMEOUT_SECONDS (${o.timeoutSeconds} s).`);
  }
  return new EmbeddingFailure(`The embedding model ${o.model} failed: ${detail}`);
}

/** SQLSTATE classes of a lost connection (08), a server shutting down or a backend terminated (57P0x). */
const CONNECTION_STATES = /^(08|57P0)/;
const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"]);

function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (CONNECTION_STATES.test(code) || CONNECTION_ERRNOS.has(code))) return true;
  return /connection terminated|terminating connection|Connection terminated unexpectedly|timeout exceeded when trying to connect/i.test(firstLine(error));
}

/**
 * The file's own fault (it will fail the same way again) or not (worth retrying, then server_error).
 * `where` names the store file in the server log (`vs_…:file-…`).
 */
export function classifyFailure(error: unknown, where: string): { retry: boolean; lastError: LastError } {
  if (isExtractError(error)) return { retry: false, lastError: { code: error.code, message: error.message } };
  if (error instanceof EmbeddingFailure) return { retry: true, lastError: { code: "server_error", message: error.message } };
  const message = isConnectionLoss(error)
    ? "The file could not be ingested because Atelier lost its connection to the database on every attempt. Remove it from the vector store and add it again."
    : `Atelier hit an internal error while ingesting this file; the server log has the details under ${where}.`;
  return { retry: true, lastError: { code: "server_error", message } };
}

/** What a store file records when its last attempt's worker never reported back (killed, or cut off from the database). */
export const LOST_WORKER_ERROR: LastError = {
  code: "server_error",
  message: "Ingestion stopped before it finished on every attempt (the Atelier instance doing it was stopped or lost the database). Remove the file from the vector store and add it again.",
};

/** A store file `in_progress` that no job is waiting for or working on, as the sweep finds it. */
export type SweptFile = {
  /** A job of it ran out of attempts (its last worker died, or could not record the failure). */
  failed: boolean;
  /** One of those was the extra attempt the sweep gave (`lastChance`). */
  lastChanceFailed: boolean;
};

/**
 * What the sweep does with such a file: a job when none ever had it (lost between the rows' commit
 * and the queue, or left by an old process); one more attempt, its last, when the queue gave up
 * without the worker recording an outcome; then it is failed, so a file that kills its worker
 * every time is not tried for ever.
 */
export function sweepAction(file: SweptFile): "send" | "last_chance" | "give_up" {
  if (file.lastChanceFailed) return "give_up";
  return file.failed ? "last_chance" : "send";
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
