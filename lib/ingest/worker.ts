import "server-only";
import { getPool, inPgTransaction } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { readParts } from "@/lib/files/storage";
import { chunkText, type Chunk } from "@/lib/ingest/chunk";
import { embedTexts, semanticEnabled, toVectorLiteral } from "@/lib/ingest/embed";
import { extractText } from "@/lib/ingest/extract";
import { chunkBytes, chunkColumns, classifyFailure, embeddingFailure, INSERT_BATCH, type LastError } from "@/lib/ingest/outcome";
import { chunkOptions, resolveChunkingStrategy, type ChunkingStrategyParam } from "@/lib/vector-stores/chunking";
import { chunksChanged } from "@/lib/vector-stores/search/statistics";

// One vector store file, from stored bytes to searchable chunks: extract the text (once per file,
// kept in file_texts), chunk it with the store file's strategy, embed the chunks when semantic
// search is on, then in ONE transaction, with the store file's row locked: replace any chunks an
// earlier attempt left, and mark it completed with its usage added to the store's. The row lock and
// the `in_progress` check make the write safe to repeat (a retried job, two instances) and keep a
// file cancelled or removed meanwhile as it is. Nothing is written before that transaction but
// the extracted text, which is the same every time; and chunks are unique per (store, file, seq).

/** `lastChance`: the extra attempt the queue's sweep gives a file whose attempts ran out unrecorded. */
export type IngestJob = { vectorStoreId: string; fileId: string; lastChance?: boolean };

/** The store file's name in the queue (its singleton key) and in the server log. */
export const storeFileKey = (job: { vectorStoreId: string; fileId: string }) => `${job.vectorStoreId}:${job.fileId}`;

type Source = { status: string; chunkingStrategy: ChunkingStrategyParam | null; filename: string; mimeType: string | null; bytes: string; text: string | null };

async function loadSource(job: IngestJob): Promise<Source | null> {
  const { rows } = await getPool().query<Source>(
    `SELECT vsf.status, vsf.chunking_strategy AS "chunkingStrategy", f.filename, f.mime_type AS "mimeType", f.bytes, t.text
     FROM vector_store_files vsf JOIN files f ON f.id = vsf.file_id LEFT JOIN file_texts t ON t.file_id = f.id
     WHERE vsf.vector_store_id = $1 AND vsf.file_id = $2`,
    [job.vectorStoreId, job.fileId],
  );
  return rows[0] ?? null;
}

async function textOf(job: IngestJob, source: Source, signal?: AbortSignal): Promise<string> {
  if (source.text !== null) return source.text;
  const extracted = await extractText(readParts(job.fileId, Number(source.bytes)), { filename: source.filename, mimeType: source.mimeType, signal });
  await getPool().query(
    "INSERT INTO file_texts (file_id, text, extractor) VALUES ($1, $2, $3) ON CONFLICT (file_id) DO NOTHING",
    [job.fileId, extracted.text, extracted.format],
  );
  return extracted.text;
}

/** Writes the chunks and completes the store file, or does nothing if it is no longer in progress. */
async function commitChunks(job: IngestJob, chunks: Chunk[], embeddings: number[][] | null): Promise<boolean> {
  return inPgTransaction(async (client) => {
    // Locks in the house order, the store before its files (lockStore, createBatch, file deletes):
    // the other order deadlocked with a batch adding the same file while it was being ingested.
    await client.query("SELECT id FROM vector_stores WHERE id = $1 FOR UPDATE", [job.vectorStoreId]);
    const { rows } = await client.query<{ status: string }>(
      "SELECT status FROM vector_store_files WHERE vector_store_id = $1 AND file_id = $2 FOR UPDATE",
      [job.vectorStoreId, job.fileId],
    );
    // Nothing written yet: committing the locks alone changes nothing.
    if (rows[0]?.status !== "in_progress") return false;
    await client.query("DELETE FROM chunks WHERE vector_store_id = $1 AND file_id = $2", [job.vectorStoreId, job.fileId]);
    for (let from = 0; from < chunks.length; from += INSERT_BATCH) {
      const to = Math.min(chunks.length, from + INSERT_BATCH);
      const c = chunkColumns(chunks, from, to);
      const params: unknown[] = [job.vectorStoreId, job.fileId, c.seq, c.text, c.tokens, c.start, c.end];
      if (embeddings) {
        params.push(embeddings.slice(from, to).map(toVectorLiteral));
        await client.query(
          `INSERT INTO chunks (vector_store_id, file_id, seq, text, token_count, start_offset, end_offset, embedding)
           SELECT $1, $2, r.seq, r.text, r.tokens, r.s, r.e, r.v::vector FROM unnest($3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[]) AS r(seq, text, tokens, s, e, v)`,
          params,
        );
      } else {
        await client.query(
          `INSERT INTO chunks (vector_store_id, file_id, seq, text, token_count, start_offset, end_offset)
           SELECT $1, $2, r.seq, r.text, r.tokens, r.s, r.e FROM unnest($3::int[], $4::text[], $5::int[], $6::int[], $7::int[]) AS r(seq, text, tokens, s, e)`,
          params,
        );
      }
    }
    const usage = chunkBytes(chunks);
    await client.query(
      `UPDATE vector_store_files SET status = 'completed', last_error = NULL, chunk_count = $3, usage_bytes = $4 WHERE vector_store_id = $1 AND file_id = $2`,
      [job.vectorStoreId, job.fileId, chunks.length, usage],
    );
    await client.query("UPDATE vector_stores SET usage_bytes = usage_bytes + $2::bigint WHERE id = $1", [job.vectorStoreId, usage]);
    return true;
  });
}

async function embedChunks(chunks: Chunk[], signal?: AbortSignal): Promise<number[][]> {
  try {
    return await embedTexts(chunks.map((c) => c.text), signal);
  } catch (error) {
    // The job itself was stopped (shutdown, its expiry): not the model's doing.
    if (signal?.aborted) throw error;
    const env = getEnv();
    throw embeddingFailure(error, { model: env.ATELIER_EMBEDDING_MODEL ?? "", timeoutSeconds: env.ATELIER_EMBEDDING_TIMEOUT_SECONDS });
  }
}

/** Marks the store file failed, unless it was cancelled, removed or completed meanwhile. */
export async function failStoreFile(job: IngestJob, lastError: LastError): Promise<void> {
  await getPool().query(
    "UPDATE vector_store_files SET status = 'failed', last_error = $3 WHERE vector_store_id = $1 AND file_id = $2 AND status = 'in_progress'",
    [job.vectorStoreId, job.fileId, JSON.stringify(lastError)],
  );
}

/**
 * Ingests one store file. A failure that is the file's fault marks it failed at once; any other
 * is thrown for the queue to retry, except on the last attempt, where it is recorded as
 * `server_error`.
 */
export async function ingestStoreFile(job: IngestJob, o: { finalAttempt: boolean; signal?: AbortSignal }): Promise<void> {
  const started = performance.now();
  try {
    const source = await loadSource(job);
    if (!source || source.status !== "in_progress") return;
    const text = await textOf(job, source, o.signal);
    const chunks = chunkText(text, chunkOptions(resolveChunkingStrategy(source.chunkingStrategy)));
    const embeddings = chunks.length && (await semanticEnabled()) ? await embedChunks(chunks, o.signal) : null;
    const done = await commitChunks(job, chunks, embeddings);
    if (done && chunks.length > 0) chunksChanged();
    log.info("ingested a vector store file", { ...job, chunks: chunks.length, committed: done, ms: Math.round(performance.now() - started) });
  } catch (error) {
    const { retry, lastError } = classifyFailure(error, storeFileKey(job));
    if (retry && !o.finalAttempt) {
      log.warn("ingestion failed; it will be tried again", { ...job, error: (error as Error).message });
      throw error;
    }
    log.warn("ingestion failed", { ...job, code: lastError.code, lastError: lastError.message, error: (error as Error).message });
    await failStoreFile(job, lastError);
  }
}
