import "server-only";
import { embedMany } from "ai";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { embeddingModel, resolveModelId } from "@/lib/providers/registry";
import { describeSemanticSearch, type SemanticFacts, type SemanticStatus } from "@/lib/ingest/semantic";

// Embeddings for chunks and queries, when ATELIER_EMBEDDING_MODEL is set and the chunks table has
// pgvector's `embedding` column (the migration adds it only where the extension exists). Every
// call has a deadline: a provider that hangs fails the ingestion attempt (retried) instead of
// holding a worker for ever.

/** Search waits for the query's embedding at most this long, whatever the setting. */
export const SEARCH_EMBED_TIMEOUT_MS = 10_000;
const BATCH = 256;

let hasColumn: Promise<boolean> | undefined;

/** Whether chunks can hold embeddings here (asked once per process). */
export function embeddingColumnExists(): Promise<boolean> {
  hasColumn ??= getPool()
    .query("SELECT 1 FROM information_schema.columns WHERE table_name = 'chunks' AND column_name = 'embedding' AND table_schema = current_schema()")
    .then(({ rowCount }) => Boolean(rowCount))
    .catch((error) => {
      hasColumn = undefined;
      throw error;
    });
  return hasColumn;
}

/** Whether semantic ranking is on: a model configured and somewhere to store vectors. */
export async function semanticEnabled(): Promise<boolean> {
  return Boolean(getEnv().ATELIER_EMBEDDING_MODEL) && (await embeddingColumnExists());
}

/** pgvector's text form of a vector. */
export const toVectorLiteral = (vector: readonly number[]) => `[${vector.join(",")}]`;

export async function embedTexts(texts: string[], signal?: AbortSignal, timeoutMs?: number): Promise<number[][]> {
  const env = getEnv();
  const model = env.ATELIER_EMBEDDING_MODEL;
  const deadline = Math.min(timeoutMs ?? Infinity, env.ATELIER_EMBEDDING_TIMEOUT_SECONDS * 1000);
  if (!model) throw new Error("ATELIER_EMBEDDING_MODEL is not set");
  const resolved = embeddingModel(resolveModelId(model));
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    const timeout = AbortSignal.timeout(deadline);
    const { embeddings } = await embedMany({
      model: resolved,
      values: texts.slice(i, i + BATCH),
      maxRetries: 2,
      abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    out.push(...embeddings);
  }
  return out;
}

/** Whether semantic search is on here and why not (Settings), detected on the database at each call. */
export async function semanticSearchStatus(): Promise<SemanticStatus> {
  const [column, extension] = await Promise.all([embeddingColumnExists(), vectorExtension()]);
  return describeSemanticSearch({ model: getEnv().ATELIER_EMBEDDING_MODEL ?? null, column, extension });
}

async function vectorExtension(): Promise<SemanticFacts["extension"]> {
  try {
    const { rows } = await getPool().query<{ installed: boolean; available: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS installed,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`,
    );
    return rows[0]!.installed ? "installed" : rows[0]!.available ? "available" : "missing";
  } catch {
    // pg_available_extensions reads the server's files; a locked-down server may refuse it.
    return null;
  }
}
